/**
 * The numerical core of Katib's {@code cmaes} algorithm: ask/tell CMA-ES on [0, 1]^d with discrete coordinates and
 * IPOP/BIPOP restarts, replayable from its tell history. Internal; not exported.
 */
package io.github.katib4j.search.internal.cmaes;
