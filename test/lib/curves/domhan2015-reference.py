"""One-time reference for test/lib/curves/mcmc.test.ts ('domhan2015 reproduces the reference
interval'): Domhan et al.'s combination posterior written out independently from their formulas
(tdomhan/pylearningcurvepredictor: curvefunctions.py, MCMCCurveModelCombination as
modelfactory.setup_model_combination builds it, recency weighting off) and sampled with emcee 3.1.6's
stretch move. Not run by the tests. Run: PYTHONPATH=<emcee> python3 domhan2015-reference.py
"""
import numpy as np
import emcee
from scipy.optimize import leastsq
from scipy.stats import norm

Y = [0.4122, 0.578, 0.6479, 0.6741, 0.7169, 0.7306, 0.7594, 0.7515, 0.7583, 0.7674,
     0.7836, 0.7856, 0.791, 0.8003, 0.799, 0.7874, 0.8083, 0.7945, 0.8075, 0.8163]
X = np.arange(1, len(Y) + 1, dtype=float)
Y = np.asarray(Y)
XLIM = 100.0


# curvefunctions.py, their parameter order and model_defaults
def ilog2(x, c, a):
    return c - a / np.log(1 + x)


def loglog_linear(x, a, b):
    return np.log(a * np.log(x) + b)


ALL = {"ilog2": (ilog2, [0.78, 0.43]), "loglog_linear": (loglog_linear, [1.0, 1.0])}


def reference(names, seed, nwalkers=100, nsamples=2500, burn_in=500, thin=10, recency_weighting=False):
    """MCMCCurveModelCombination.fit with their defaults: 100 walkers, 2500 steps of which the
    first 500 are burn-in; f(x_lim) of the normalised combination at every 10th kept step."""
    recency = 10 ** (np.arange(len(Y)) / len(Y)) if recency_weighting else np.ones(len(Y))  # recency_weights
    fams = [ALL[n] for n in names]

    def split(theta):  # their layout: each family's parameters, then sigma, then the weights
        params, i = [], 0
        for _, d in fams:
            params.append(theta[i:i + len(d)])
            i += len(d)
        return params, theta[i], theta[i + 1:]

    def combined(x, params, weights):
        w = np.asarray(weights) / np.sum(weights)  # normalize_weights=True
        return sum(wk * f(x, *p) for wk, (f, _), p in zip(w, fams, params))

    def ln_prob(theta):
        params, sigma, weights = split(theta)
        with np.errstate(all="ignore"):
            for (f, _), p in zip(fams, params):
                y2, ylim = f(np.asarray([2.0, XLIM]), *p)
                if y2 > ylim:  # soft_monotonicity_constraint
                    return -np.inf
                if not np.isfinite(ylim) or ylim < 0.0 or ylim > 100.0:  # sanity_check_prior
                    return -np.inf
            if np.any(np.asarray(weights) < 0):  # strictly_positive_weights
                return -np.inf
            ll = (recency * norm.logpdf(Y - combined(X, params, weights), loc=0, scale=sigma)).sum()
        return -np.inf if np.isnan(ll) else ll

    # their start: least squares from model_defaults, weights 10, sigma = std of the residuals
    fits = [leastsq(lambda p, f=f: f(X, *p) - Y, x0=d)[0] for f, d in fams]
    w0 = [10.0] * len(fams)
    start = np.concatenate([np.concatenate(fits), [(Y - combined(X, fits, w0)).std()], w0])
    rs = np.random.RandomState(seed)
    sampler = emcee.EnsembleSampler(nwalkers, len(start), ln_prob)
    sampler._random = rs
    sampler.run_mcmc(start + 1e-6 * rs.randn(nwalkers, len(start)), nsamples)
    chain = sampler.get_chain(discard=burn_in, thin=thin)
    pred = np.array([[combined(XLIM, *(lambda p, s_, w: (p, w))(*split(t))) for t in row] for row in chain])
    flat = pred.ravel()
    return dict(fits=[list(map(float, f)) for f in fits], acceptance=float(sampler.acceptance_fraction.mean()),
                mean=float(flat.mean()), lower=float(np.percentile(flat, 5)), upper=float(np.percentile(flat, 95)))


def ilog2_exact():
    """ilog2 alone: the posterior of f(x_lim) = c − a/ln(1 + x_lim) under flat priors on c, a and
    sigma > 0 is a Student t with n − 3 degrees of freedom around the least-squares prediction
    (the monotonicity and range priors are far from the fit and do not bind)."""
    from scipy.stats import t as student
    A = np.column_stack([np.ones_like(X), -1 / np.log(1 + X)])
    beta, *_ = np.linalg.lstsq(A, Y, rcond=None)
    sse = float(((Y - A @ beta) ** 2).sum())
    g = np.asarray([1.0, -1 / np.log(1 + XLIM)])
    nu = len(Y) - 3
    scale = np.sqrt(sse / nu * g @ np.linalg.inv(A.T @ A) @ g)
    mid = float(g @ beta)
    return dict(mean=mid, lower=mid + scale * student.ppf(0.05, nu), upper=mid + scale * student.ppf(0.95, nu))


def ilog2_without_weight(seed=1):
    """The same ilog2 posterior over (c, a, sigma) alone, without the weight coordinate: emcee
    then matches ilog2_exact, so the wider reference interval comes from the improper weight."""
    f = ALL["ilog2"][0]

    def lp(t):
        c, a, s = t
        return -np.inf if s <= 0 else -len(Y) * np.log(s) - ((Y - f(X, c, a)) ** 2).sum() / (2 * s * s)

    start = np.array([0.9251257713829061, 0.3675032021816309, 0.0128])
    rs = np.random.RandomState(seed)
    sampler = emcee.EnsembleSampler(100, 3, lp)
    sampler._random = rs
    sampler.run_mcmc(start + 1e-6 * rs.randn(100, 3), 20000)
    ch = sampler.get_chain(discard=2000, thin=10).reshape(-1, 3)
    return np.percentile(f(XLIM, ch[:, 0], ch[:, 1]), [5, 95])


if __name__ == "__main__":
    print("ilog2 exact", ilog2_exact())
    print("ilog2 without the weight, emcee", ilog2_without_weight())
    for names in (["ilog2"], ["ilog2", "loglog_linear"]):
        for seed in (1, 2, 3, 4):
            print(names, seed, reference(names, seed))
    for seed in (1, 2):
        print("ilog2 with recency weighting", seed, reference(["ilog2"], seed, recency_weighting=True))
