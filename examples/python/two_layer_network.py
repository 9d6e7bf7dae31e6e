"""A small two-layer NumPy network trained with swiftreg's loss gradients and update steps.

Data: 20 inputs, of which only the first 4 matter: y = sin(2·x₀) + x₁·x₂ − 0.5·x₃ + noise,
and 2% of the training targets are corrupted by ±15. Network: ŷ = w₂·tanh(W₁·x + b₁) + b₂
with 16 hidden units. Full-batch training:

* the loss and its gradient ∂L/∂ŷ in one pass: ``swiftreg.huber_loss_value_and_grad``
  (Huber: the corrupted targets pull with a bounded force);
* backpropagation in NumPy;
* the first layer under an L1 penalty, updated by ``swiftreg.proximal_step``: most input
  weights of the 16 useless inputs become exactly 0;
* the second layer under an L2 penalty (weight decay), updated by
  ``swiftreg.subgradient_step`` (with l2 alone that is plain gradient descent on
  loss + l2·‖w₂‖²).

The same network trained with ``subgradient_step`` on the first layer, same L1 penalty,
ends with no input weight exactly 0.
Run:  python examples/python/two_layer_network.py
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # tiny matrices: threads only add overhead

import numpy as np  # noqa: E402

import swiftreg  # noqa: E402

N, P, HIDDEN, RELEVANT = 500, 20, 16, 4
LR, L1, L2, DELTA, EPOCHS = 0.1, 5e-3, 1e-4, 1.0, 2000


def make_data(rng, n):
    X = rng.standard_normal((n, P))
    y = np.sin(2 * X[:, 0]) + X[:, 1] * X[:, 2] - 0.5 * X[:, 3] + 0.1 * rng.standard_normal(n)
    return X, y


def train(first_layer_step, X, y, seed=1, verbose=False):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((HIDDEN, P)) * 0.3
    b1 = np.zeros(HIDDEN)
    w2 = rng.standard_normal(HIDDEN) * 0.3
    b2 = 0.0
    losses = []
    for epoch in range(EPOCHS):
        H = np.tanh(X @ W1.T + b1)
        pred = H @ w2 + b2
        loss, g = swiftreg.huber_loss_value_and_grad(y, pred, reduction="mean", delta=DELTA)
        losses.append(loss)
        # backpropagation from g = ∂L/∂ŷ
        gw2, gb2 = H.T @ g, g.sum()
        gZ = np.outer(g, w2) * (1 - H ** 2)
        gW1, gb1 = gZ.T @ X, gZ.sum(axis=0)
        first_layer_step(W1, gW1, LR, l1=L1, out=W1)            # L1 on the input weights, in place
        swiftreg.subgradient_step(w2, gw2, LR, l2=L2, out=w2)   # weight decay, in place
        b1 -= LR * gb1
        b2 -= LR * gb2
        if verbose and (epoch % 500 == 0 or epoch == EPOCHS - 1):
            print(f"  epoch {epoch:5d}  Huber loss {loss:.4f}  "
                  f"input weights exactly 0: {int((W1 == 0).sum())}/{W1.size}")
    return (W1, b1, w2, b2), np.array(losses)


def predict(params, X):
    W1, b1, w2, b2 = params
    return np.tanh(X @ W1.T + b1) @ w2 + b2


def main() -> None:
    rng = np.random.default_rng(0)
    X, y = make_data(rng, N)
    bad = rng.choice(N, size=N // 50, replace=False)
    y[bad] += rng.choice([-1.0, 1.0], size=bad.size) * 15.0
    X_test, y_test = make_data(rng, 2000)

    print(f"two-layer network, {P} inputs ({RELEVANT} relevant), {HIDDEN} hidden units, "
          f"λ₁ = {L1} on the first layer")
    print("first layer by proximal_step:")
    prox, loss_prox = train(swiftreg.proximal_step, X, y, verbose=True)
    sub, loss_sub = train(swiftreg.subgradient_step, X, y)

    var = float(np.var(y_test))
    for name, params in [("proximal_step", prox), ("subgradient_step", sub)]:
        W1 = params[0]
        mse = swiftreg.l2_loss(y_test, predict(params, X_test), reduction="mean")
        print(f"{name:>17}: test MSE {mse:.4f} (variance of y {var:.4f}); input weights exactly 0: "
              f"relevant {int((W1[:, :RELEVANT] == 0).sum())}/{HIDDEN * RELEVANT}, "
              f"useless {int((W1[:, RELEVANT:] == 0).sum())}/{HIDDEN * (P - RELEVANT)}")

    W1 = prox[0]
    mse_prox = swiftreg.l2_loss(y_test, predict(prox, X_test), reduction="mean")
    assert loss_prox[-1] < 0.5 * loss_prox[0], (loss_prox[0], loss_prox[-1])
    assert mse_prox < 0.25 * var, mse_prox
    assert np.all(np.any(W1[:, :RELEVANT] != 0, axis=0)), "every relevant input is kept"
    assert np.mean(W1[:, RELEVANT:] == 0) > 0.7, np.mean(W1[:, RELEVANT:] == 0)
    assert not np.any(sub[0] == 0), "the subgradient step leaves no weight exactly 0"
    print("ok")


if __name__ == "__main__":
    main()
