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
 *
 * <p>When the engine stops the trial before it ends ({@link LocalKatib#stop}, {@link LocalKatib#close},
 * {@link LocalKatib#delete}), it interrupts the function's thread, {@link TrialContext#isStopRequested()} turns true
 * and {@link TrialContext#report} throws {@link TrialStoppedException}: the function should then return, or let the
 * {@code InterruptedException} or {@code TrialStoppedException} through, and the trial runs again when the experiment
 * resumes. The engine waits up to 10 seconds for that. A function still running then, one that ignores interrupts in
 * a loop or blocks in a call that does not heed them, is left running on its (daemon) thread: nothing it does from then
 * on is kept, and a warning note names the trial and the thread.
 */
@FunctionalInterface
public interface TrialFunction {
  /**
   * Trains and returns the final metrics by name (they are reported after any reported through the context); an
   * exception fails the trial with its message.
   */
  Map<String, ? extends Number> run(TrialContext trial) throws Exception;
}
