"""Linear models: every loss with every penalty (RegularizedRegressor), Lasso, elastic net, ridge, quantile and least-absolute-deviation regression, and paths.

Estimators with scikit-learn's interface (``fit``/``predict``/``score``/``get_params``/
``set_params``, attributes ending in ``_``) and scikit-learn's objectives, solved by the
swiftreg library's general model (``sr_fit_*`` and ``sr_path_*`` in ``swiftreg.h``; the
named estimators are presets of :class:`RegularizedRegressor`). scikit-learn is not needed
at runtime: these classes carry their own small base class, and pass
``sklearn.utils.estimator_checks`` when scikit-learn is installed.

Ctrl-C stops any ``fit``, path or cross-validation within a fraction of a second: it raises
``KeyboardInterrupt`` and leaves the estimator (a warm start's ``coef_`` included) and the
caller's arrays as they were. From the main thread, a call of more than a few milliseconds'
work runs on a worker thread of the package while the main thread waits for it, so a path's
``callback`` runs on that thread.

Notation used in every docstring: n samples xᵢ ∈ ℝᵖ with targets yᵢ and weights sᵢ ≥ 0
(all 1 by default), S = Σᵢ sᵢ (= n without weights), residuals rᵢ = yᵢ − xᵢ·w − b. The
intercept b is never penalised; with ``fit_intercept=True`` X and y are centred by their
weighted means and b = ȳ − x̄·w.

Relation to the textbook penalties (``swiftreg.l1_penalty`` λ·Σ|wⱼ| and ``swiftreg.l2_penalty``
λ·Σwⱼ², the ``l1``/``l2`` of ``subgradient_step``/``proximal_step``):

=================  =======================================  =============================
estimator          loss                                     textbook penalty
=================  =======================================  =============================
ElasticNet, Lasso  (1/(2S))·Σ sᵢrᵢ²  (half weighted MSE)    l1 = α·ρ, l2 = α·(1 − ρ)/2
Ridge              Σ sᵢrᵢ²  (``l2_loss``, "sum")            l2 = α
LADRegression      (1/S)·Σ sᵢ|rᵢ|  (``l1_loss``, "mean")    l1 = α
=================  =======================================  =============================
"""

from .._validation import (
    ConvergenceWarning,
    DataConversionWarning,
    NotFittedError,
    UndefinedMetricWarning,
)
from ._coordinate_descent import ElasticNet, Lasso, enet_path, lasso_path
from ._cv import ElasticNetCV, LassoCV, RegularizedRegressorCV
from ._general import QuantileRegressor, RegularizedRegressor, regularization_path
from ._huber import HuberRegressor
from ._lad import LADRegression
from ._ridge import Ridge

__all__ = [
    "RegularizedRegressor",
    "regularization_path",
    "QuantileRegressor",
    "HuberRegressor",
    "ElasticNet",
    "Lasso",
    "Ridge",
    "LADRegression",
    "enet_path",
    "lasso_path",
    "ConvergenceWarning",
    "DataConversionWarning",
    "NotFittedError",
    "UndefinedMetricWarning",
    "LassoCV",
    "ElasticNetCV",
    "RegularizedRegressorCV",
]
