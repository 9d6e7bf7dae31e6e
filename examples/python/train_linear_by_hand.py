"""Train an elastic-net linear model by hand with swiftreg's fused loss-and-gradient and
proximal step, and check the answer against swiftreg.linear_model.ElasticNet.

The objective is scikit-learn's elastic net on the diabetes data (standardised features):

    minimise over w, b   (1/(2n))·Σ(yᵢ − xᵢ·w − b)²  +  α·(ρ‖w‖₁ + ½(1 − ρ)‖w‖²)

In the library's terms the data term is ½·l2_loss(y, ŷ, reduction="mean"), and the penalty
is l1·‖w‖₁ + l2·‖w‖² with l1 = αρ and l2 = α(1 − ρ)/2, which is what proximal_step takes.
Each iteration is: one fused pass for the loss and ∂L/∂ŷ, the chain rule ∂L/∂w = Xᵀ·∂L/∂ŷ,
and one proximal step w ← prox(w − lr·∂L/∂w). Accelerated (FISTA) with a fixed step 1/L.
Run:  python examples/python/train_linear_by_hand.py
"""
from __future__ import annotations

import numpy as np

import swiftreg
from swiftreg.datasets import load_diabetes
from swiftreg.linear_model import ElasticNet


def objective(X, y, w, b, alpha, rho):
    data = 0.5 * swiftreg.l2_loss(y, X @ w + b, reduction="mean")
    return data + swiftreg.elastic_net_penalty(w, l1=alpha * rho, l2=alpha * (1 - rho) / 2)


def fit_by_hand(X, y, alpha, rho, iters=3000):
    n, p = X.shape
    l1, l2 = alpha * rho, alpha * (1 - rho) / 2
    b = float(y.mean())                      # X is centred, so the intercept is ȳ at every w
    lr = 1.0 / (np.linalg.norm(X, 2) ** 2 / n)   # 1/L for the data term's gradient
    w = np.zeros(p)
    z, t = w.copy(), 1.0
    grad_w = np.empty(p)
    for _ in range(iters):
        _, g = swiftreg.l2_loss_value_and_grad(y, X @ z + b, reduction="mean")  # value and ∂/∂ŷ in one pass
        np.matmul(X.T, g, out=grad_w)
        grad_w *= 0.5                                                       # the ½ of the half-MSE
        w_next = swiftreg.proximal_step(z, grad_w, lr, l1=l1, l2=l2)        # soft-threshold + shrink
        t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
        z = w_next + ((t - 1) / t_next) * (w_next - w)
        w, t = w_next, t_next
    return w, b


def main() -> None:
    X, y, names = load_diabetes(standardize=True)
    alpha, rho = 3.0, 0.7
    w, b = fit_by_hand(X, y, alpha, rho)
    ref = ElasticNet(alpha=alpha, l1_ratio=rho, tol=1e-10, max_iter=100000).fit(X, y)

    print(f"elastic net on the diabetes data, α = {alpha}, ρ = {rho}")
    print(f"{'feature':<8} {'by hand':>12} {'ElasticNet':>12}")
    for name, a, c in zip(names, w, ref.coef_):
        show = lambda v: "0 (exact)" if v == 0 else f"{v:+.6f}"  # noqa: E731
        print(f"{name:<8} {show(a):>12} {show(c):>12}")
    f_hand = objective(X, y, w, b, alpha, rho)
    f_ref = objective(X, y, ref.coef_, float(ref.intercept_), alpha, rho)
    print(f"objective: by hand {f_hand:.10f}, ElasticNet {f_ref:.10f}")

    assert abs(f_hand - f_ref) <= 1e-8 * f_ref, (f_hand, f_ref)
    assert np.allclose(w, ref.coef_, atol=1e-5), (w, ref.coef_)
    assert np.array_equal(w == 0, ref.coef_ == 0), "the same weights are exactly zero"
    assert (w == 0).any(), "the proximal step produced exact zeros"
    print("ok: same objective, same coefficients, same exact zeros")


if __name__ == "__main__":
    main()
