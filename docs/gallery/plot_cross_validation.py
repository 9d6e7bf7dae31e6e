r"""
Choosing α by cross-validation: the minimum and the one-standard-error rule
===========================================================================

:class:`~swiftreg.linear_model.LassoCV` computes the Lasso path on all the data, which fixes
the grid of α, then fits the same path on the training rows of each of K folds and scores
every α by the mean squared error on the fold's held-out rows — all in one library call,
the folds in parallel threads. It reports, for each α, the mean of the folds' errors
(``cv_mean_``) and its standard error sd/√K (``cv_std_``), and two choices:

* ``alpha_min_``: the α of the smallest mean error (scikit-learn's ``alpha_``, glmnet's
  ``lambda.min``);
* ``alpha_1se_``: the largest α whose mean error is within one standard error of that
  minimum (glmnet's ``lambda.1se``), a sparser model that is statistically as good.

``selection_rule="1se"`` keeps the second.
"""
# %%
import matplotlib.pyplot as plt
import numpy as np

from swiftreg.datasets import load_diabetes
from swiftreg.linear_model import LassoCV

X, y, names = load_diabetes(standardize=True)
model = LassoCV(cv=10).fit(X, y)                            # try cv=5 or cv=20
sparse = LassoCV(cv=10, selection_rule="1se").fit(X, y)

print(f"alpha_min_ = {model.alpha_min_:.4g}: {np.sum(model.coef_ != 0)} features")
print(f"alpha_1se_ = {model.alpha_1se_:.4g}: {np.sum(sparse.coef_ != 0)} features "
      f"({', '.join(n for n, c in zip(names, sparse.coef_) if c != 0)})")
print("held-out MSE of each fold at each α:", model.mse_path_.shape)

# %%
fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
a = model.alphas_
ax.plot(a, model.mse_path_, color="0.75", lw=0.8)
ax.plot([], [], color="0.75", lw=0.8, label="each fold")
ax.errorbar(a, model.cv_mean_, yerr=model.cv_std_, color="tab:blue", lw=1.8, elinewidth=0.8,
            capsize=2, label="mean ± one standard error")
ax.axvline(model.alpha_min_, color="tab:red", ls="--", label=f"alpha_min_ = {model.alpha_min_:.3g}")
ax.axvline(model.alpha_1se_, color="tab:green", ls="--", label=f"alpha_1se_ = {model.alpha_1se_:.3g}")
ax.set_xscale("log")
ax.invert_xaxis()                                           # strong penalty on the left
ax.set_xlabel("α (strong → weak)")
ax.set_ylabel("held-out mean squared error")
ax.set_ylim(2000, 7000)
ax.set_title("10-fold cross-validation of the Lasso path")
ax.legend(fontsize=8)
plt.show()

# %%
# The one-standard-error rule picks a larger α, so a sparser model, whose mean error is
# within one standard error of the minimum.

i_min = int(np.argmin(model.cv_mean_))
assert model.alpha_1se_ >= model.alpha_min_ == model.alphas_[i_min]
i_1se = int(np.flatnonzero(model.alphas_ == model.alpha_1se_)[0])
assert model.cv_mean_[i_1se] <= model.cv_mean_[i_min] + model.cv_std_[i_min]
assert np.sum(sparse.coef_ != 0) <= np.sum(model.coef_ != 0)
