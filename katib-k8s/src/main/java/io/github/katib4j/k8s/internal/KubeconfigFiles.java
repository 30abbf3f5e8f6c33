package io.github.katib4j.k8s.internal;

import io.github.katib4j.KatibException;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.experiment.Unstructured;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Kubeconfig files read as kubectl reads them: several files (as {@code $KUBECONFIG} lists them) merged with the
 * first file winning for each cluster, user and context name and the first {@code current-context} that is set, and
 * every relative path (certificate-authority, client-certificate, client-key, tokenFile, an exec command with a
 * slash) resolved against the folder of the file that holds it. Mistakes are reported by what is wrong, in which
 * file, and the credentials are checked before any request: a failing exec plugin or an unreadable tokenFile would
 * otherwise send requests anonymously.
 */
public final class KubeconfigFiles {
  private static final List<String> SECTIONS = List.of("clusters", "users", "contexts");

  private KubeconfigFiles() {}

  /** A client for the chosen context, and that context's namespace (empty when it sets none). */
  public static final class Loaded {
    private final ApiClient client;
    private final String namespace;
    private final KubeApi.Origin origin;

    Loaded(ApiClient client, String namespace, KubeApi.Origin origin) {
      this.client = client;
      this.namespace = namespace;
      this.origin = origin;
    }

    /** What the kubeconfig leaves out (a certificate authority, credentials), for the messages of failed requests. */
    public KubeApi.Origin origin() {
      return origin;
    }

    public ApiClient client() {
      return client;
    }

    public String namespace() {
      return namespace;
    }
  }

  /**
   * The files {@code $KUBECONFIG} names that exist (separated by {@code pathSeparator}), in order; when it is not set,
   * {@code ~/.kube/config} when it exists; else none. As in kubectl, a {@code $KUBECONFIG} naming no file that exists
   * does not fall back to {@code ~/.kube/config}, which could be another cluster than the one meant.
   */
  public static List<Path> defaults(String kubeconfigVariable, String pathSeparator, Path home) {
    if (kubeconfigVariable != null && !kubeconfigVariable.isBlank()) {
      List<Path> files = new ArrayList<>();
      for (String entry : kubeconfigVariable.split(java.util.regex.Pattern.quote(pathSeparator))) {
        if (!entry.isBlank() && Files.isRegularFile(Path.of(entry)) && !files.contains(Path.of(entry))) {
          files.add(Path.of(entry));
        }
      }
      return files;
    }
    Path config = home.resolve(".kube").resolve("config");
    return Files.isRegularFile(config) ? List.of(config) : List.of();
  }

  /**
   * Reads and merges {@code files} and makes a client for {@code context}, or for the merged
   * {@code current-context} when null.
   *
   * @throws KatibException saying what is wrong with which file
   */
  public static Loaded load(List<Path> files, String context) {
    String where = files.size() == 1 ? "kubeconfig " + files.get(0)
        : "kubeconfigs " + files.stream().map(Path::toString).collect(Collectors.joining(", "));
    Map<String, Map<String, Map<String, Object>>> merged = new LinkedHashMap<>();
    SECTIONS.forEach(s -> merged.put(s, new LinkedHashMap<>()));
    String current = "";
    for (Path file : files) {
      Map<String, Object> config = read(file);
      Path folder = file.toAbsolutePath().getParent();
      for (String section : SECTIONS) {
        for (Map<String, Object> entry : entries(file, config, section)) {
          absolutize(section, entry, folder);
          merged.get(section).putIfAbsent((String) entry.get("name"), entry);
        }
      }
      Object named = config.get("current-context");
      if (current.isEmpty() && named instanceof String) {
        current = (String) named;
      }
    }
    String chosen = context != null ? context : current;
    if (chosen.isEmpty()) {
      throw new KatibException("cannot use " + where + ": it sets no current-context"
          + (merged.get("contexts").isEmpty() ? " and defines no context" : "; pick one of its contexts ("
          + String.join(", ", merged.get("contexts").keySet()) + ") with --context or KatibClient.builder()"
          + ".context(name), or set it with kubectl config use-context NAME"));
    }
    Map<String, Object> contextEntry = merged.get("contexts").get(chosen);
    if (contextEntry == null) {
      throw new KatibException("cannot use " + where + ": it has no context \"" + chosen + "\""
          + (context == null ? " (its current-context)" : "") + "; its contexts are: "
          + (merged.get("contexts").isEmpty() ? "none" : String.join(", ", merged.get("contexts").keySet())));
    }
    Map<String, Object> settings = map(contextEntry.get("context"));
    String clusterName = text(settings.get("cluster"));
    Map<String, Object> cluster = merged.get("clusters").get(clusterName);
    if (cluster == null) {
      throw new KatibException("cannot use " + where + ": context \"" + chosen + "\" names cluster \"" + clusterName
          + "\", which it does not define; its clusters are: " + (merged.get("clusters").isEmpty() ? "none"
          : String.join(", ", merged.get("clusters").keySet())));
    }
    if (text(map(cluster.get("cluster")).get("server")).isEmpty()) {
      throw new KatibException("cannot use " + where + ": cluster \"" + clusterName + "\" has no server");
    }
    String userName = text(settings.get("user"));
    Map<String, Object> user = merged.get("users").get(userName);
    if (!userName.isEmpty() && user == null) {
      throw new KatibException("cannot use " + where + ": context \"" + chosen + "\" names user \"" + userName
          + "\", which it does not define; its users are: " + (merged.get("users").isEmpty() ? "none"
          : String.join(", ", merged.get("users").keySet())));
    }
    Map<String, Object> userSettings = user == null ? Map.of() : map(user.get("user"));
    checkClientCertificate(where, userName, userSettings);
    CheckedKubeConfig config = new CheckedKubeConfig(new ArrayList<>(merged.get("contexts").values()),
        new ArrayList<>(merged.get("clusters").values()), new ArrayList<>(merged.get("users").values()), userName,
        user == null ? Map.of() : map(user.get("user")));
    config.setContext(chosen);
    // Paths are absolute by now; client-java resolves the rest (none) against this.
    config.setFile(files.get(0).toAbsolutePath().toFile());
    try {
      ApiClient client = ClientBuilder.kubeconfig(config).build();
      return new Loaded(client, text(settings.get("namespace")), origin(clusterName, map(cluster.get("cluster")),
          userName, userSettings));
    } catch (KatibException e) {
      throw new KatibException("cannot use " + where + ": " + e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new KatibException("cannot use " + where + ": file " + e.getFile() + " does not exist", e);
    } catch (IOException | RuntimeException e) {
      throw new KatibException("cannot use " + where + ": " + e, e);
    }
  }

  private static Map<String, Object> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KatibException("cannot use kubeconfig " + file + ": the file does not exist", e);
    } catch (IOException e) {
      throw new KatibException("cannot use kubeconfig " + file + ": it cannot be read: " + e, e);
    }
    if (text.isBlank()) {
      // As kubectl: an empty file defines nothing, which the merged result may make up for.
      return Map.of();
    }
    try {
      // Read from the file, so that a YAML error names it with its line and column.
      return Unstructured.read(file).toMap();
    } catch (KatibParseException e) {
      throw new KatibException("cannot use kubeconfig " + file + ": it is not a kubeconfig (a YAML mapping of "
          + "clusters, users and contexts): " + e.getMessage(), e);
    }
  }

  private static List<Map<String, Object>> entries(Path file, Map<String, Object> config, String section) {
    Object value = config.get(section);
    List<Map<String, Object>> entries = new ArrayList<>();
    if (value == null) {
      return entries;
    }
    String singular = section.substring(0, section.length() - 1);
    if (!(value instanceof List)) {
      throw new KatibException("cannot use kubeconfig " + file + ": " + section + " must be a list of {name, "
          + singular + "} entries");
    }
    for (Object item : (List<?>) value) {
      if (!(item instanceof Map) || !(((Map<?, ?>) item).get("name") instanceof String)) {
        throw new KatibException("cannot use kubeconfig " + file + ": every entry of " + section + " needs a name "
            + "and a " + singular + ", found " + item);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) item);
      entries.add(entry);
    }
    return entries;
  }

  /** Credentials a user entry can carry; one without any makes the API server take its requests as anonymous. */
  private static final List<String> CREDENTIALS = List.of("token", "tokenFile", "client-certificate",
      "client-certificate-data", "exec", "auth-provider", "username", "password");

  /** What the chosen cluster and user leave out: a certificate authority, any credentials. */
  private static KubeApi.Origin origin(String clusterName, Map<String, Object> cluster, String userName,
      Map<String, Object> user) {
    boolean https = text(cluster.get("server")).regionMatches(true, 0, "https:", 0, 6);
    boolean noAuthority = https && text(cluster.get("certificate-authority")).isEmpty()
        && text(cluster.get("certificate-authority-data")).isEmpty()
        && !Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify"));
    boolean anonymous = CREDENTIALS.stream().noneMatch(k -> user.get(k) != null && !"".equals(user.get(k)));
    return new KubeApi.Origin(noAuthority ? clusterName : null, anonymous ? userName : null);
  }

  /**
   * A client certificate and key as kubectl needs them: both or neither, each PEM. client-java would log a warning
   * and fail with "No certificate data found", naming neither the user nor the field.
   */
  private static void checkClientCertificate(String where, String userName, Map<String, Object> user) {
    String certificate = pem(where, userName, user, "client-certificate");
    String key = pem(where, userName, user, "client-key");
    if ((certificate == null) != (key == null)) {
      String has = certificate != null ? "client-certificate" : "client-key";
      String lacks = certificate != null ? "client-key" : "client-certificate";
      throw new KatibException("cannot use " + where + ": users[" + userName + "] has " + has + "(-data) but no "
          + lacks + "(-data); a client certificate needs both: add " + lacks + "-data (base64 of the PEM file) or "
          + lacks + " (its path)");
    }
    if (certificate != null && !certificate.contains("-----BEGIN CERTIFICATE-----")) {
      throw new KatibException("cannot use " + where + ": " + field(userName, user, "client-certificate")
          + " is not a PEM certificate (found no -----BEGIN CERTIFICATE----- line" + sample(certificate) + "); "
          + "copy it again from the kubeconfig the cluster's administrator gave you");
    }
    if (certificate != null) {
      try {
        java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(
            new java.io.ByteArrayInputStream(certificate.getBytes(StandardCharsets.US_ASCII)));
      } catch (java.security.cert.CertificateException e) {
        throw new KatibException("cannot use " + where + ": " + field(userName, user, "client-certificate")
            + " is not a PEM certificate (" + e.getMessage() + "); copy it again from the kubeconfig the cluster's "
            + "administrator gave you", e);
      }
    }
    if (key != null && !key.matches("(?s).*-----BEGIN [A-Z ]*PRIVATE KEY-----.*")) {
      throw new KatibException("cannot use " + where + ": " + field(userName, user, "client-key") + " is not a "
          + "PEM private key (found no -----BEGIN ... PRIVATE KEY----- line" + sample(key) + "); copy it again from "
          + "the kubeconfig the cluster's administrator gave you");
    }
  }

  /** "users[NAME].client-certificate-data", or "users[NAME].client-certificate (FILE)". */
  private static String field(String userName, Map<String, Object> user, String name) {
    return "users[" + userName + "]." + (user.get(name + "-data") != null ? name + "-data"
        : name + " (" + user.get(name) + ")");
  }

  /** The text of {@code name}-data (base64) or of the file {@code name} names; null when neither is set. */
  private static String pem(String where, String userName, Map<String, Object> user, String name) {
    Object data = user.get(name + "-data");
    if (data != null && !"".equals(data)) {
      try {
        return new String(java.util.Base64.getMimeDecoder().decode(String.valueOf(data)), StandardCharsets.US_ASCII);
      } catch (IllegalArgumentException e) {
        throw new KatibException("cannot use " + where + ": users[" + userName + "]." + name + "-data is not base64 ("
            + e.getMessage() + "); it holds the PEM file base64-encoded, as base64 -w0 FILE prints it");
      }
    }
    Object file = user.get(name);
    if (file instanceof String && !((String) file).isEmpty()) {
      try {
        return Files.readString(Path.of((String) file), StandardCharsets.ISO_8859_1);
      } catch (IOException | RuntimeException e) {
        throw new KatibException("cannot use " + where + ": users[" + userName + "]." + name + " names " + file
            + ", which cannot be read (" + (e instanceof NoSuchFileException ? "no such file" : e.toString()) + ")",
            e);
      }
    }
    return null;
  }

  /** ", it starts with \"...\"": what was found instead, without showing a secret. */
  private static String sample(String text) {
    String first = text.strip().lines().findFirst().orElse("");
    return first.isEmpty() ? ", it is empty" : first.startsWith("-----") ? ", it starts with " + first : "";
  }

  /** Relative paths in {@code entry} as kubectl resolves them: against the folder of the file that holds them. */
  private static void absolutize(String section, Map<String, Object> entry, Path folder) {
    if (section.equals("clusters")) {
      Map<String, Object> cluster = copy(entry, "cluster");
      resolve(cluster, "certificate-authority", folder);
    } else if (section.equals("users")) {
      Map<String, Object> user = copy(entry, "user");
      resolve(user, "client-certificate", folder);
      resolve(user, "client-key", folder);
      resolve(user, "tokenFile", folder);
      if (user.get("exec") instanceof Map) {
        Map<String, Object> exec = copy(user, "exec");
        Object command = exec.get("command");
        // A command with a slash is a path; a bare name is looked up on PATH.
        if (command instanceof String && (((String) command).contains("/") || ((String) command).contains("\\"))) {
          resolve(exec, "command", folder);
        }
      }
    }
  }

  private static Map<String, Object> copy(Map<String, Object> parent, String field) {
    Map<String, Object> copy = new LinkedHashMap<>(map(parent.get(field)));
    parent.put(field, copy);
    return copy;
  }

  private static void resolve(Map<String, Object> holder, String field, Path folder) {
    Object value = holder.get(field);
    if (value instanceof String && !((String) value).isEmpty() && !Path.of((String) value).isAbsolute()) {
      holder.put(field, folder.resolve((String) value).normalize().toString());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  private static String text(Object value) {
    return value instanceof String ? (String) value : "";
  }

  /**
   * client-java's KubeConfig, except that credentials which cannot be had fail with the reason instead of leaving
   * the requests anonymous (client-java logs the error and sends none).
   */
  private static final class CheckedKubeConfig extends KubeConfig {
    private final String userName;
    private final Map<String, Object> user;

    CheckedKubeConfig(ArrayList<Object> contexts, ArrayList<Object> clusters, ArrayList<Object> users,
        String userName, Map<String, Object> user) {
      super(contexts, clusters, users);
      this.userName = userName;
      this.user = user;
    }

    @Override
    public Map<String, String> getCredentials() {
      boolean other = user.containsKey("token") || user.containsKey("exec") || user.containsKey("auth-provider");
      if (!other && user.get("tokenFile") instanceof String) {
        String tokenFile = (String) user.get("tokenFile");
        try {
          Files.readAllBytes(Path.of(tokenFile));
        } catch (IOException | RuntimeException e) {
          throw new KatibException("user \"" + userName + "\" reads its token from tokenFile " + tokenFile
              + ", which cannot be read (" + (e instanceof NoSuchFileException ? "no such file" : e.toString())
              + ")");
        }
      }
      Map<String, String> credentials = super.getCredentials();
      if (credentials == null && user.get("exec") instanceof Map) {
        Object command = map(user.get("exec")).get("command");
        throw new KatibException("user \"" + userName + "\" gets its credentials from the exec plugin \"" + command
            + "\", which gave none: it failed, could not be run, or printed neither a token nor a certificate (what "
            + "it wrote to standard error is above); run it yourself to see why, or log in again");
      }
      return credentials;
    }
  }
}
