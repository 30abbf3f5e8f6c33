package io.github.katib4j.k8s.internal;

import com.google.gson.JsonObject;
import io.github.katib4j.internal.Durations;
import io.github.katib4j.k8s.KatibApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Keeps a handler up to date with a collection, as client-go's reflector does: list, then watch from the list's
 * resource version with bookmarks; on a dropped connection, reconnect from the last version seen after a backoff
 * with full jitter; on 410 Gone (the version left the API server's history), list again and hand over the full state.
 * Runs on one thread until closed.
 */
public final class ListWatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.github.katib4j.k8s");
  /** A watch that lived this long was healthy, so its failure starts the backoff over. */
  private static final Duration HEALTHY = Duration.ofMinutes(2);

  /** Receives the collection's state; calls come from the watcher's thread, one at a time, and must not block. */
  public interface Handler {
    /** The whole collection, after the first list and after every relist. */
    void synced(List<JsonObject> items);

    /** An ADDED, MODIFIED or DELETED event. */
    void changed(String type, JsonObject object);

    /**
     * A failure retrying will not fix by itself (403 Forbidden, say), reported once until listing or watching works
     * again. After 401 Unauthorized or 403 Forbidden the watcher ends, as new credentials or permissions need a new
     * client or watch anyway; after any other, it keeps trying with backoff.
     */
    default void failed(KatibApiException e) {}
  }

  private final KubeApi api;
  private final String path;
  private final Map<String, String> selectors;
  private final Handler handler;
  private final int pageSize;
  private final String description;
  private final Backoff backoff;
  private final Object lock = new Object();
  private volatile boolean closed;
  private WatchConnection current;
  private Thread thread;
  /**
   * The version of the last list, event or bookmark; a watch that breaks resumes from it, so nothing is delivered
   * twice. Null when the next step is a list. Touched only by the watcher's thread.
   */
  private String version;

  /**
   * @param selectors {@code labelSelector} and {@code fieldSelector} query parameters, as the API takes them
   * @param description what is watched, for log messages
   */
  public ListWatcher(KubeApi api, String path, Map<String, String> selectors, Handler handler, int pageSize,
      String description) {
    this.api = api;
    this.path = path;
    this.selectors = Map.copyOf(selectors);
    this.handler = handler;
    this.pageSize = pageSize;
    this.description = description;
    this.backoff = new Backoff(api.policy(), api.timing());
  }

  /** Starts listing and watching on a thread of {@code threads}. */
  public void start(Executor threads) {
    threads.execute(this::run);
  }

  private void run() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      thread = Thread.currentThread();
    }
    try {
      loop();
    } catch (Exception e) {
      // Not a KatibException nor an IOException, which the loop handles: an exception a Kotlin library threw without
      // declaring it, such as OkHttp's InterruptedException when close() interrupts a connect.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (!closed) {
        LOG.log(System.Logger.Level.WARNING, description + ": watching stopped", e);
      }
    } finally {
      synchronized (lock) {
        thread = null;
        // A close() racing with the end of the loop may have interrupted this pool thread; clear it for the next task.
        Thread.interrupted();
      }
    }
  }

  private void loop() {
    int failures = 0;
    boolean expiredBefore = false;
    boolean reported = false;
    while (!closed) {
      long opened = api.timing().nanoTime();
      try {
        if (version == null) {
          Pager.Listing listing = Pager.listAll(api, path, selectors, pageSize);
          if (closed) {
            return;
          }
          handler.synced(listing.items());
          version = listing.resourceVersion();
          reported = false;
        }
        opened = api.timing().nanoTime();
        watch();
        // The server ended the watch at its timeout: a healthy end, so reconnect at once.
        failures = 0;
        expiredBefore = false;
        reported = false;
      } catch (KatibApiException e) {
        if (closed) {
          return;
        }
        if (e.statusCode() == 410) {
          LOG.log(System.Logger.Level.DEBUG, "{0}: resource version {1} expired; listing again", description,
              version);
          version = null;
          // Relist at once the first time; a server that keeps answering 410 gets the backoff instead of a spin.
          if (!expiredBefore) {
            expiredBefore = true;
            continue;
          }
        } else if (!e.retryable()) {
          if (!reported) {
            reported = true;
            handler.failed(e);
          }
          if (e.statusCode() == 401 || e.statusCode() == 403) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: not allowed (HTTP {1}); stopped", description, e.statusCode());
            return;
          }
        }
        failures = healthy(opened) ? 1 : failures + 1;
        if (!pause(e.retryAfter().orElse(backoff.delay(Math.max(0, failures - 1))), e)) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
        if (e instanceof RuntimeException) {
          // Not a broken connection: a bug or an answer this client cannot read. Keep trying, but say so.
          LOG.log(System.Logger.Level.WARNING, description + ": watching failed; trying again", e);
        }
        failures = healthy(opened) ? 1 : failures + 1;
        if (!pause(backoff.delay(failures - 1), e)) {
          return;
        }
      }
    }
  }

  /** Watches from {@link #version} until the server ends the watch, keeping the version up to date. */
  private void watch() throws IOException {
    Map<String, String> query = new LinkedHashMap<>(selectors);
    query.put("resourceVersion", version);
    query.put("allowWatchBookmarks", "true");
    // 5 to 10 minutes, random, so that many clients do not reconnect at the same moment.
    query.put("timeoutSeconds", Integer.toString(300 + (int) (api.timing().random() * 300)));
    WatchConnection watch = api.watch(path, query);
    synchronized (lock) {
      if (closed) {
        return;
      }
      // Set before the request goes out, so that close() can cancel a watch whose answer is slow to come.
      current = watch;
    }
    try (watch) {
      watch.open();
      for (WatchConnection.Event event = watch.next(); event != null && !closed; event = watch.next()) {
        JsonObject object = event.object();
        switch (event.type()) {
          case "BOOKMARK":
            version = nonEmpty(Json.resourceVersion(object), version);
            break;
          case "ERROR":
            int code = (int) Json.integer(object, "code");
            throw KubeApi.failure("WATCH", path, code == 0 ? 500 : code, object.toString(), null);
          case "ADDED":
          case "MODIFIED":
          case "DELETED":
            version = nonEmpty(Json.resourceVersion(object), version);
            handler.changed(event.type(), object);
            break;
          default:
            LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring a watch event of type {1}", description, event.type());
        }
      }
    } finally {
      synchronized (lock) {
        current = null;
      }
    }
  }

  private boolean healthy(long openedNanos) {
    return api.timing().nanoTime() - openedNanos >= HEALTHY.toNanos();
  }

  private boolean pause(Duration wait, Exception cause) {
    LOG.log(System.Logger.Level.DEBUG, "{0}: reconnecting in {1} ms after {2}", description,
        Durations.saturatedMillis(wait), cause.toString());
    try {
      api.timing().sleep(wait);
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static String nonEmpty(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }

  /** Stops watching; the handler gets no calls once this returns, except one already under way. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (current != null) {
        current.cancel();
      }
      if (thread != null) {
        thread.interrupt();
      }
    }
  }
}
