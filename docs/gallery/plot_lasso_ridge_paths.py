"""
Lasso and Ridge paths: L1 selects, L2 shrinks
=============================================

The coefficients of the diabetes data's 10 standardised features along a grid of penalty
strengths, for the two estimators:

* :class:`~swiftreg.linear_model.Lasso` minimises (1/2n)·Σr² + α‖w‖₁ (computed for the whole
  grid at once by :func:`~swiftreg.linear_model.lasso_path`);
* :class:`~swiftreg.linear_model.Ridge` minimises Σr² + α‖w‖² (a sum, not a mean, of squared
  residuals: scikit-learn's convention for each).

Because the two data terms differ by the factor 2n, the same α means a penalty 2n times
stronger for the Lasso. Both panels therefore plot against the same thing, the strength
relative to the squared error Σr²: α·2n for the Lasso, α for Ridge. Strong penalties are on
the left of both panels.
"""
# %%
import matplotlib.pyplot as plt
import numpy as np

from swiftreg.datasets import load_diabetes
from swiftreg.linear_model import Ridge, lasso_path

X, y, names = load_diabetes(standardize=True)
n = X.shape[0]
alphas_lasso, coefs_lasso, gaps = lasso_path(X, y - y.mean(), n_alphas=100)
alphas_ridge = np.logspace(6, -1, 100)          # strong to weak, as the Lasso grid
coefs_ridge = np.array([Ridge(alpha=a).fit(X, y).coef_ for a in alphas_ridge]).T

zeros_lasso = (coefs_lasso == 0).sum(axis=0)
zeros_ridge = (coefs_ridge == 0).sum(axis=0)
print(f"Lasso: α from {alphas_lasso[0]:.4g} down to {alphas_lasso[-1]:.4g}; "
      f"largest duality gap {gaps.max():.1e}")
print("exact zeros along the Lasso path:", zeros_lasso[::10])
print("exact zeros along the Ridge path:", zeros_ridge[::10])

# %%
fig = plt.figure(figsize=(8, 7), layout="constrained")
rows = fig.subfigures(2, 1, height_ratios=[1.15, 1])
ax = rows[0].subplots(1, 2, sharey=True)
strength_lasso = alphas_lasso * 2 * n          # the penalty's weight against Σr²
for a, s, c, title in ((ax[0], strength_lasso, coefs_lasso, "Lasso (L1 penalty)"),
                       (ax[1], alphas_ridge, coefs_ridge, "Ridge (L2 penalty)")):
    for j in range(c.shape[0]):
        a.plot(s, c[j], lw=1.3, label=names[j])
    a.set_xscale("log")
    a.invert_xaxis()                           # strong penalty on the left, in both panels
    a.axhline(0, color="k", lw=0.6)
    a.set_title(title)
ax[0].set_xlabel("2n·α")
ax[1].set_xlabel("α")
ax[0].set_ylabel("coefficient")
rows[0].supxlabel("penalty weight against Σr², strong → weak", fontsize=9)
ax[1].legend(fontsize=7, ncol=2, loc="upper left", title="feature", title_fontsize=7)
zeros_ax = rows[1].subplots()
zeros_ax.step(range(100), zeros_lasso, where="mid", lw=2, label="Lasso")
zeros_ax.step(range(100), zeros_ridge, where="mid", lw=2, label="Ridge")
zeros_ax.set_xlabel("position on the grid of 100 penalty strengths (strong → weak)")
zeros_ax.set_ylabel("exact zeros (of 10)")
zeros_ax.set_title("how many weights are exactly 0")
zeros_ax.legend()
plt.show()

# %%
# Along the Lasso path the features enter one by one (the path starts at α_max, the
# smallest α with every coefficient exactly 0); along the Ridge path every weight shrinks
# and none is ever exactly 0.

assert zeros_lasso[0] == 10 and zeros_lasso[-1] == 0
assert len(set(zeros_lasso.tolist())) >= 6
assert zeros_ridge.sum() == 0
