"""
Subgradient step vs proximal step: where exact zeros come from
==============================================================

The Lasso objective (1/2n)·Σᵢ(yᵢ − xᵢ·w)² + λ‖w‖₁ on the diabetes data (442 patients,
10 standardised features), trained by full-batch gradient steps with each of the two update
rules, with the same λ, the same learning rate and the same number of steps:

* the textbook subgradient step :func:`~swiftreg.subgradient_step`: w ← w − lr·(g + λ·sign(w));
* the proximal step :func:`~swiftreg.proximal_step`: w ← soft(w − lr·g, lr·λ).

The proximal step lands on exact zeros, the subgradient step does not: a weight whose data
pull is weaker than λ jumps across 0 on every step and oscillates within about lr·λ of it.
"""
# %%
import matplotlib.pyplot as plt
import numpy as np

import swiftreg
from swiftreg.datasets import load_diabetes
from swiftreg.linear_model import Lasso

X, y, names = load_diabetes(standardize=True)
yc = y - y.mean()  # centred target: no intercept needed below


def train(step, lam, lr, steps):
    """Full-batch training of the half mean squared error + lam·‖w‖₁ with one update rule."""
    w, gw, history = np.zeros(X.shape[1]), np.empty(X.shape[1]), []
    for _ in range(steps):
        _, g = swiftreg.l2_loss_value_and_grad(yc, X @ w, reduction="mean")  # ∂/∂ŷ of the MSE
        np.matmul(X.T, g, out=gw)
        gw *= 0.5                                                           # ∂/∂w of the half MSE
        step(w, gw, lr, l1=lam, out=w)                                      # in place
        history.append(w.copy())
    return np.array(history)


lam, lr, steps = 5.0, 0.02, 3000   # try lam = 1 or lam = 15: more or fewer exact zeros
sub = train(swiftreg.subgradient_step, lam, lr, steps)
prox = train(swiftreg.proximal_step, lam, lr, steps)
cd = Lasso(alpha=lam, tol=1e-12).fit(X, y)  # the same objective, by coordinate descent

# %%
# The weights after 3000 steps. ``0`` marks an exact zero.

print(f"{'feature':8} {'subgradient':>12} {'proximal':>12} {'Lasso (CD)':>12}")
for j, name in enumerate(names):
    cells = ["0" if v == 0 else f"{v:+.5f}" for v in (sub[-1, j], prox[-1, j], cd.coef_[j])]
    print(f"{name:8} " + " ".join(f"{c:>12}" for c in cells))
zeroed = cd.coef_ == 0
print(f"exact zeros: subgradient {np.sum(sub[-1] == 0)}, proximal {np.sum(prox[-1] == 0)}, "
      f"coordinate descent {zeroed.sum()}")

# %%
# The trajectories. Top: every weight during training, with each rule. Bottom: the last 60
# steps of the five weights the Lasso sets to zero; the dotted lines are ±lr·λ.

fig = plt.figure(figsize=(8, 6.4), layout="constrained")
top = fig.subfigures(2, 1, height_ratios=[1, 1.05])
ax = top[0].subplots(1, 2, sharey=True)
for a, h, title in ((ax[0], sub, "subgradient step"), (ax[1], prox, "proximal step")):
    a.plot(np.arange(1, steps + 1), h, lw=1.2)
    a.set_xscale("log")
    a.set_title(title)
    a.set_xlabel("step (log scale)")
ax[0].set_ylabel("weight")
zoom = top[1].subplots()
last = np.arange(steps - 60, steps)
for k, j in enumerate(np.flatnonzero(zeroed)):
    zoom.plot(last, sub[-60:, j], lw=1, color=f"C{k}", marker=".", ms=3,
              label=f"{names[j]} (subgradient)")
zoom.plot(last, prox[-60:, zeroed][:, 0], color="k", lw=2.5, label="all five (proximal): 0")
for s in (1, -1):
    zoom.axhline(s * lr * lam, ls=":", color="gray")
zoom.set_title(f"the five weights the Lasso zeroes, last 60 steps (dotted: ±lr·λ = ±{lr * lam:g})")
zoom.set_xlabel("step")
zoom.set_ylabel("weight")
zoom.set_ylim(-2.6 * lr * lam, 2.6 * lr * lam)
zoom.legend(fontsize=8, ncol=3, loc="lower center")
plt.show()

# %%
# What the figure shows, checked:

band = np.abs(sub[-200:, zeroed])
assert np.sum(sub[-1] == 0) == 0                     # the subgradient step: no exact zero
assert np.array_equal(prox[-1] == 0, zeroed)          # the proximal step: the Lasso's zeros
assert np.all(band > 0) and band.max() <= 2 * lr * lam
assert np.allclose(prox[-1], cd.coef_, atol=1e-3)     # ... and the Lasso's solution
