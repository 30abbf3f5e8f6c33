package io.github.katib4j.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;

/** An open watch: the API server's stream of events, one JSON object per line. */
public final class WatchConnection implements AutoCloseable {
  private final Call call;
  private final Opener opener;
  private Response response;
  private BufferedSource source;

  /** Sends the request and checks the answer; a failure must close what it opened. */
  interface Opener {
    Response open(Call call);
  }

  WatchConnection(Call call, Opener opener) {
    this.call = call;
    this.opener = opener;
  }

  /**
   * Sends the watch request and returns once the API server has answered; {@link #cancel()} from another thread
   * ends the wait.
   *
   * @throws io.github.katib4j.k8s.KatibApiException when the server refuses the watch or cannot be reached
   */
  public WatchConnection open() {
    response = opener.open(call);
    source = response.body().source();
    return this;
  }

  /** One event of a watch: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, and its object (a Status for ERROR). */
  public static final class Event {
    private final String type;
    private final JsonObject object;

    Event(String type, JsonObject object) {
      this.type = type;
      this.object = object;
    }

    public String type() {
      return type;
    }

    public JsonObject object() {
      return object;
    }
  }

  /**
   * The next event; null when the server ended the watch cleanly (its timeout passed).
   *
   * @throws IOException when the connection broke or went silent past the idle timeout
   */
  public Event next() throws IOException {
    String line;
    do {
      line = source.readUtf8Line();
      if (line == null) {
        return null;
      }
    } while (line.isBlank());
    try {
      JsonObject event = JsonParser.parseString(line).getAsJsonObject();
      JsonElement object = event.get("object");
      return new Event(Json.string(event, "type"), object != null && object.isJsonObject() ? object.getAsJsonObject()
          : new JsonObject());
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException("a watch event is not JSON: " + (line.length() > 200 ? line.substring(0, 200) + "..."
          : line), e);
    }
  }

  /** Ends the watch from any thread; a thread blocked in {@link #next()} gets an {@link IOException}. */
  public void cancel() {
    call.cancel();
  }

  /** Ends the watch and releases the connection; only the thread that reads it may call this. */
  @Override
  public void close() {
    call.cancel();
    if (response != null) {
      response.close();
    }
  }
}
