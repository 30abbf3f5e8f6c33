package io.github.katib4j.local;

import java.util.Map;

/**
 * A trial as a Java function: it trains with the trial's parameter values and returns the metrics, or reports them
 * as it goes (which lets early stopping act). It runs in the engine's JVM, on a thread of its own.
 *
 * <pre>{@code
 * TrialFunction train = trial -> {
 *   double lr = trial.doubleValue("lr");
 *   for (int epoch = 1; epoch <= 10; epoch++) {
 *     trial.report(epoch, Map.of("loss", fit(lr, epoch)));   // throws when early stopping stops the trial
 *   }
 *   return Map.of();                                         // or the final metrics
 * };
 * }</pre>
 */
@FunctionalInterface
public interface TrialFunction {
  /**
   * Trains and returns the final metrics by name (they are reported after any reported through the context); an
   * exception fails the trial with its message.
   */
  Map<String, ? extends Number> run(TrialContext trial) throws Exception;
}
