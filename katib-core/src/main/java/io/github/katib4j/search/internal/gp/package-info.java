/**
 * The numerical core of Katib's {@code bayesianoptimization} algorithm: scikit-optimize-style Bayesian optimisation
 * with Gaussian-process and tree-ensemble surrogates, replayable from its tell history. Internal; not exported.
 */
package io.github.katib4j.search.internal.gp;
