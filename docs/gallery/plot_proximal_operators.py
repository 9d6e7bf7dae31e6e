r"""
Proximal operators: soft-thresholding and shrinkage
===================================================

The proximal operator of a penalty g with step t maps v to the point that trades g against
the distance to v, prox_tg(v) = argmin_u t·g(u) + ½‖u − v‖². For the three penalties of
swiftreg it has a closed form, applied elementwise:

* :func:`~swiftreg.l1_prox`, g = λ‖·‖₁: soft-thresholding sign(v)·max(\|v\| − tλ, 0), exactly 0
  on the whole interval \|v\| ≤ tλ;
* :func:`~swiftreg.l2_prox`, g = λ‖·‖²: shrinkage v / (1 + 2tλ), never 0 unless v is;
* :func:`~swiftreg.elastic_net_prox`, g = l1‖·‖₁ + l2‖·‖²: soft-thresholding, then shrinkage.

The flat part of soft-thresholding is what puts exact zeros into the proximal step and into
coordinate descent.
"""
# %%
import matplotlib.pyplot as plt
import numpy as np

import swiftreg

v = np.linspace(-3, 3, 601)
lam, t = 1.0, 1.0                      # try lam = 0.5: the flat part of soft(v) halves
soft = swiftreg.l1_prox(v, lam, t)
shrink = swiftreg.l2_prox(v, lam, t)
enet = swiftreg.elastic_net_prox(v, 0.5 * lam, 0.5 * lam, t)

print("v                 :", v[::100])
print("l1_prox           :", soft[::100])
print("l2_prox           :", shrink[::100].round(4))
print("elastic_net_prox  :", enet[::100].round(4))
print(f"exact zeros of l1_prox on the grid: {np.sum(soft == 0)} "
      f"(every |v| ≤ tλ = {t * lam:g}); of l2_prox: {np.sum(shrink == 0)} (only v = 0)")

# %%
fig, ax = plt.subplots(figsize=(6.5, 4.2), layout="constrained")
ax.plot(v, v, color="0.7", lw=1, ls="--", label="identity (no penalty)")
ax.plot(v, soft, lw=2, label="l1_prox: soft-thresholding")
ax.plot(v, shrink, lw=2, label="l2_prox: shrinkage v/(1 + 2tλ)")
ax.plot(v, enet, lw=2, label="elastic_net_prox, l1 = l2 = λ/2")
ax.axvspan(-t * lam, t * lam, color="tab:blue", alpha=0.08, label="|v| ≤ tλ: soft(v) = 0")
ax.set_xlabel("v")
ax.set_ylabel("prox(v)")
ax.set_title(f"proximal operators, λ = {lam:g}, t = {t:g}")
ax.legend(fontsize=8, loc="upper left")
plt.show()

# %%
assert np.all(soft[np.abs(v) <= t * lam] == 0)
assert np.count_nonzero(shrink == 0) == 1
assert np.allclose(enet, np.sign(v) * np.maximum(np.abs(v) - t * lam / 2, 0) / (1 + t * lam))
