/* Fit a Lasso on row-major (C-ordered) data with the general model API of swiftreg.h. */
#include <stdio.h>
#include "swiftreg.h"

int main(void) {
    /* 6 samples x 3 features, row by row; y = 2*x1 + x2 + noise: the third feature is unused. */
    const double X[6][3] = {{1, 0, 2}, {2, 1, 0}, {3, 0, 1}, {4, 2, 2}, {5, 1, 0}, {6, 3, 1}};
    const double y[6] = {2.1, 5.0, 5.9, 10.1, 11.0, 14.9};
    double coef[3];
    sr_problem_f64 problem = {.size = sizeof problem, .n_samples = 6, .n_features = 3,
                              .layout = SR_LAYOUT_ROW_MAJOR, .X = &X[0][0], .y = y};
    sr_fit_options options;
    sr_fit_result_f64 result = {.size = sizeof result, .coef = coef};
    sr_fit_options_init(&options, sizeof options);
    options.loss = SR_LOSS_SQUARED;     /* (1/(2n)) sum r^2 + alpha * sum |w| */
    options.penalty = SR_PENALTY_L1;
    options.alpha = 0.1;
    options.tol = 1e-10;
    if (sr_fit_f64(&problem, &options, &result) != SR_OK) {
        fprintf(stderr, "sr_fit_f64: %s\n", sr_last_error());
        return 1;
    }
    printf("coef = [%.6f, %.6f, %.6f], intercept = %.6f\n", coef[0], coef[1], coef[2], result.intercept);
    printf("objective = %.10f, duality gap = %.3g <= %.3g: %s\n", result.objective, result.dual_gap,
           result.gap_tol, result.converged ? "certified" : "not converged");
    return result.converged ? 0 : 2;
}
