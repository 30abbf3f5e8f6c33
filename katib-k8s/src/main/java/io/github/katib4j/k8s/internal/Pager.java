package io.github.katib4j.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.k8s.KatibApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Lists collections in pages, following continue tokens, so no response holds more than one page. */
public final class Pager {
  /** How often a consistent list restarts after its continue token expired before it gives up. */
  private static final int MAX_RESTARTS = 3;

  private Pager() {}

  /** The items of a consistent list and the resource version it was read at. */
  public static final class Listing {
    private final List<JsonObject> items;
    private final String resourceVersion;

    Listing(List<JsonObject> items, String resourceVersion) {
      this.items = items;
      this.resourceVersion = resourceVersion;
    }

    public List<JsonObject> items() {
      return items;
    }

    /** The version to watch from, so that the watch continues exactly where the list ended. */
    public String resourceVersion() {
      return resourceVersion;
    }
  }

  /** One page: {@code items}, and {@code metadata.continue} when more follow. */
  public static JsonObject page(KubeApi api, String path, Map<String, String> selectors, int limit,
      String continueToken) {
    Map<String, String> query = new LinkedHashMap<>(selectors);
    query.put("limit", Integer.toString(limit));
    if (continueToken != null && !continueToken.isEmpty()) {
      query.put("continue", continueToken);
    }
    return api.list(path, query);
  }

  /**
   * Every item, as one consistent snapshot: when a continue token expires (the snapshot fell out of etcd's history)
   * the list starts over, as client-go's pager does.
   */
  public static Listing listAll(KubeApi api, String path, Map<String, String> selectors, int pageSize) {
    for (int restart = 0; ; restart++) {
      List<JsonObject> items = new ArrayList<>();
      String token = null;
      try {
        while (true) {
          JsonObject page = page(api, path, selectors, pageSize, token);
          items.addAll(items(page));
          token = Json.string(Json.object(page, "metadata"), "continue");
          if (token.isEmpty()) {
            return new Listing(items, Json.resourceVersion(page));
          }
        }
      } catch (KatibApiException e) {
        if (e.statusCode() != 410 || token == null || restart >= MAX_RESTARTS) {
          throw e;
        }
      }
    }
  }

  /**
   * The items page by page, fetching the next page only when the previous one is used up. When a continue token
   * expires, the list goes on with the token the API server returns for that case, so items already returned are
   * not returned again (the rest is read at a newer version than the start).
   */
  public static Iterator<JsonObject> stream(KubeApi api, String path, Map<String, String> selectors, int pageSize) {
    return new Iterator<>() {
      private Iterator<JsonObject> page = List.<JsonObject>of().iterator();
      private String token;
      private boolean last;

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && !last) {
          JsonObject next;
          try {
            next = page(api, path, selectors, pageSize, token);
          } catch (ExpiredContinue e) {
            if (e.continueToken().isEmpty()) {
              throw e;
            }
            token = e.continueToken();
            continue;
          }
          page = items(next).iterator();
          token = Json.string(Json.object(next, "metadata"), "continue");
          last = token.isEmpty();
        }
        return page.hasNext();
      }

      @Override
      public JsonObject next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
  }

  private static List<JsonObject> items(JsonObject list) {
    List<JsonObject> items = new ArrayList<>();
    JsonElement array = list.get("items");
    if (array != null && array.isJsonArray()) {
      for (JsonElement item : array.getAsJsonArray()) {
        if (item.isJsonObject()) {
          items.add(item.getAsJsonObject());
        }
      }
    }
    return items;
  }
}
