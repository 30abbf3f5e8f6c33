package io.github.katib4j.k8s.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Runs tasks one at a time, in submission order, on a delegate executor that may have many threads. */
public final class SerialExecutor implements Executor {
  private final Executor delegate;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  public SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (tasks) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    delegate.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (tasks) {
        next = tasks.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (Throwable e) {
        // The rest of the queue goes on in another turn of the delegate, so a task that throws stops no later one; the
        // throwable goes on to the delegate's thread, whose uncaught-exception handler reports it.
        resume();
        throw e;
      }
    }
  }

  private void resume() {
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The delegate has shut down: nothing queued can run any more.
      synchronized (tasks) {
        running = false;
      }
    }
  }
}
