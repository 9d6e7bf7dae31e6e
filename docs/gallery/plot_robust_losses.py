r"""
One estimator, every loss: squared, Huber, absolute and quantile
================================================================

:class:`~swiftreg.linear_model.RegularizedRegressor` fits any loss with any penalty. Here a
line through 200 points with heavy-tailed noise and 10 gross outliers at its right end, with four losses and no
penalty:

* ``loss="l2"``: least squares, (1/2n)·Σr², pulled towards the outliers;
* ``loss="huber"``: quadratic for \|r\| ≤ δ, linear beyond, so each outlier pulls with at most δ;
* ``loss="l1"``: least absolute deviations, (1/n)·Σ\|r\|, the conditional median;
* ``loss="quantile"`` with τ = 0.1 and 0.9: lines below which 10 % and 90 % of the points lie.

Every fit reports its duality gap, a bound on how far its objective is from the optimum.
"""
# %%
import matplotlib.pyplot as plt
import numpy as np

from swiftreg.linear_model import RegularizedRegressor

rng = np.random.default_rng(0)
x = rng.uniform(0, 10, 200)
y = 1.5 * x + 2 + rng.standard_t(3, x.size)
outliers = np.argsort(x)[-10:]                   # the 10 largest x ...
y[outliers] -= 30                                # ... are 30 too low (try -60: only least squares moves)
X = x[:, None]

fits = {
    "least squares (l2)": RegularizedRegressor(loss="l2", penalty=None, tol=1e-10),
    "Huber, δ = 1.35": RegularizedRegressor(loss="huber", delta=1.35, penalty=None, tol=1e-10),
    "absolute (l1)": RegularizedRegressor(loss="l1", penalty=None, tol=1e-10),
    "quantile τ = 0.1": RegularizedRegressor(loss="quantile", quantile=0.1, penalty=None, tol=1e-10),
    "quantile τ = 0.9": RegularizedRegressor(loss="quantile", quantile=0.9, penalty=None, tol=1e-10),
}
print(f"{'fit':20} {'slope':>7} {'intercept':>9} {'objective':>10} {'duality gap':>12}  solver")
for name, model in fits.items():
    model.fit(X, y)
    print(f"{name:20} {model.coef_[0]:7.3f} {model.intercept_:9.3f} {model.objective_:10.4f} "
          f"{model.dual_gap_:12.1e}  {model.solver_}")

# %%
fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
inlier = np.ones(x.size, bool)
inlier[outliers] = False
ax.scatter(x[inlier], y[inlier], s=10, color="0.6", label="data")
ax.scatter(x[outliers], y[outliers], s=18, color="tab:red", label="outliers")
xx = np.array([0.0, 10.0])
ax.plot(xx, 1.5 * xx + 2, "k--", lw=1, label="true line")
styles = {"quantile τ = 0.1": ":", "quantile τ = 0.9": ":"}
for name, model in fits.items():
    ax.plot(xx, model.predict(xx[:, None]), styles.get(name, "-"), lw=2, label=name)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_ylim(-20, 30)
ax.legend(fontsize=8, ncol=2, loc="upper left")
ax.set_title("the same data, five losses")
plt.show()

# %%
# The robust fits stay near the true slope 1.5; least squares does not. The quantile lines
# leave about 10 % of the points below and above them.

slope = {k: m.coef_[0] for k, m in fits.items()}
assert abs(slope["absolute (l1)"] - 1.5) < 0.15 and abs(slope["Huber, δ = 1.35"] - 1.5) < 0.15
assert abs(slope["least squares (l2)"] - 1.5) > abs(slope["absolute (l1)"] - 1.5)
below = np.mean(y < fits["quantile τ = 0.1"].predict(X))
above = np.mean(y > fits["quantile τ = 0.9"].predict(X))
assert abs(below - 0.1) < 0.03 and abs(above - 0.1) < 0.03
assert all(m.converged_ for m in fits.values())
