/**
 * Numerical building blocks shared by the search algorithms: a specified random generator, the normal distribution,
 * Cholesky and symmetric eigendecompositions, and box-constrained L-BFGS. Internal; not exported.
 */
package io.github.katib4j.search.internal.numeric;
