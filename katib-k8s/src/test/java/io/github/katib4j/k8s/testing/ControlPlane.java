package io.github.katib4j.k8s.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * A real Kubernetes control plane (etcd and kube-apiserver as local processes on 127.0.0.1) with Katib's CRDs
 * installed, shared by every test class in the JVM.
 *
 * <p>The binaries come from {@code src/test/control-plane/build.sh}, which builds them from the Go module proxy into
 * {@code ~/.cache/katib4j} when they are missing; when they cannot be built, {@link #shared()} fails (it never skips).
 * Clients authenticate with a static admin token (group {@code system:masters}) and trust the API server's
 * self-signed serving certificate. Process logs go to {@code target/control-plane/}.
 */
public final class ControlPlane {
  /** The label Katib's webhook requires on a namespace before it injects metrics collectors into trials. */
  public static final String METRICS_COLLECTOR_INJECTION_LABEL = "katib.kubeflow.org/metrics-collector-injection";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final List<String> CRD_PLURALS = List.of("experiments", "trials", "suggestions");

  private static final Object SHARED_LOCK = new Object();
  private static ControlPlane shared;
  private static RuntimeException sharedFailure;

  private final Path bin;
  private final Path logDir;
  private final Path workDir;
  private final Path certDir;
  private final int etcdClientPort;
  private final int etcdPeerPort;
  private final int apiServerPort;
  private final String adminToken;
  private volatile LocalProcess etcd;
  private volatile LocalProcess apiServer;
  private volatile List<X509Certificate> apiServerCertificates = List.of();
  private volatile Path kubeconfig;
  private volatile boolean crdsInstalled;

  private ControlPlane(Path bin, Path logDir, Path workDir) {
    this.bin = bin;
    this.logDir = logDir;
    this.workDir = workDir;
    this.certDir = workDir.resolve("pki");
    this.etcdClientPort = freePort();
    this.etcdPeerPort = freePort();
    this.apiServerPort = freePort();
    this.adminToken = ThrowawayPki.randomToken();
  }

  /**
   * The control plane of this JVM, started (and its binaries built) on first use and stopped when the JVM exits.
   *
   * @throws IllegalStateException when it cannot be built or started, on this and every later call
   */
  public static ControlPlane shared() {
    synchronized (SHARED_LOCK) {
      if (sharedFailure != null) {
        throw new IllegalStateException("the control plane failed to start earlier in this JVM: "
            + sharedFailure.getMessage(), sharedFailure);
      }
      if (shared == null) {
        try {
          shared = start();
        } catch (RuntimeException e) {
          sharedFailure = e;
          throw e;
        }
      }
      return shared;
    }
  }

  private static ControlPlane start() {
    Path scriptDir = Path.of(System.getProperty("katib4j.controlPlane.dir", "src/test/control-plane"));
    Path logDir = Path.of(System.getProperty("katib4j.controlPlane.logDir", "target/control-plane"));
    long started = System.nanoTime();
    Path bin = ControlPlaneBuild.ensureBinaries(scriptDir.resolve("build.sh"), logDir.resolve("build.log"));
    Path workDir;
    try {
      // Logs are per test JVM; API server restarts within it append.
      Files.createDirectories(logDir);
      Files.deleteIfExists(logDir.resolve("etcd.log"));
      Files.deleteIfExists(logDir.resolve("kube-apiserver.log"));
      // Under target/, so that "mvn clean" also removes what a killed test JVM could not.
      workDir = Files.createTempDirectory(logDir, "run-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ControlPlane plane = new ControlPlane(bin, logDir, workDir);
    Runtime.getRuntime().addShutdownHook(new Thread(plane::stop, "katib4j-control-plane-stop"));
    try {
      plane.writeCredentials();
      plane.startEtcd();
      plane.startApiServer();
      plane.writeKubeconfig();
      plane.awaitDefaultNamespace();
      plane.installKatibCrds();
    } catch (RuntimeException e) {
      plane.stop();
      throw e;
    }
    System.out.printf("[control-plane] kube-apiserver ready at %s in %.1f s (logs in %s)%n", plane.apiServerUrl(),
        (System.nanoTime() - started) / 1e9, logDir.toAbsolutePath());
    return plane;
  }

  /** The API server's base URL, {@code https://127.0.0.1:<port>}. */
  public URI apiServerUrl() {
    return URI.create("https://127.0.0.1:" + apiServerPort);
  }

  /** A kubeconfig file for the admin user, usable by client-java, kubectl and the katib command line. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The bearer token of the admin user (group {@code system:masters}). */
  public String adminToken() {
    return adminToken;
  }

  /** The certificates a client must trust to reach the API server directly. */
  public List<X509Certificate> apiServerCertificates() {
    return apiServerCertificates;
  }

  /** A new client for the admin user; each call returns an independent client with its own connection pool. */
  public ApiClient apiClient() {
    return apiClientFor(kubeconfig);
  }

  static ApiClient apiClientFor(Path kubeconfig) {
    try (var reader = Files.newBufferedReader(kubeconfig, StandardCharsets.UTF_8)) {
      return ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + kubeconfig, e);
    }
  }

  /**
   * Creates a namespace named {@code prefix-<random>} carrying {@link #METRICS_COLLECTOR_INJECTION_LABEL}
   * {@code =enabled}, as Katib requires of namespaces that run experiments, and returns its name.
   */
  public String createNamespace(String prefix) {
    String name = prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    V1Namespace namespace = new V1Namespace().metadata(new V1ObjectMeta().name(name)
        .labels(Map.of(METRICS_COLLECTOR_INJECTION_LABEL, "enabled")));
    try {
      new CoreV1Api(apiClient()).createNamespace(namespace).execute();
    } catch (ApiException e) {
      throw new IllegalStateException("cannot create namespace " + name + ": HTTP " + e.getCode() + " "
          + e.getResponseBody(), e);
    }
    return name;
  }

  /**
   * A kubeconfig for a new service account of {@code namespace} that may do anything with Katib's objects there and
   * nothing else, as a Kubeflow profile's user: it may not read Namespace objects, nor ConfigMaps anywhere.
   */
  public Path namespacedUserKubeconfig(String namespace) {
    return namespacedUserKubeconfig(namespace, "katib-user", List.of(new V1PolicyRule().apiGroups(
        List.of("kubeflow.org")).resources(List.of("experiments", "trials", "suggestions")).verbs(List.of("*"))));
  }

  /**
   * A kubeconfig for a new service account {@code user} of {@code namespace} that may do what {@code rules} allow
   * there, and nothing else.
   */
  public Path namespacedUserKubeconfig(String namespace, String user, List<V1PolicyRule> rules) {
    try {
      ApiClient client = apiClient();
      CoreV1Api core = new CoreV1Api(client);
      core.createNamespacedServiceAccount(namespace, new V1ServiceAccount().metadata(new V1ObjectMeta().name(user)))
          .execute();
      RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(client);
      rbac.createNamespacedRole(namespace, new V1Role().metadata(new V1ObjectMeta().name(user)).rules(rules))
          .execute();
      rbac.createNamespacedRoleBinding(namespace, new V1RoleBinding().metadata(new V1ObjectMeta().name(user))
          .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("Role").name(user))
          .subjects(List.of(new RbacV1Subject().kind("ServiceAccount").name(user).namespace(namespace)))).execute();
      String token = core.createNamespacedServiceAccountToken(user, namespace, new AuthenticationV1TokenRequest()
          .spec(new V1TokenRequestSpec().expirationSeconds(3600L))).execute().getStatus().getToken();
      Path file = kubeconfig.resolveSibling(namespace + "-" + user + ".kubeconfig");
      Kubeconfigs.write(file, apiServerUrl(), apiServerCertificates, token);
      return file;
    } catch (ApiException e) {
      throw new IllegalStateException("cannot make a user of namespace " + namespace + ": HTTP " + e.getCode() + " "
          + e.getResponseBody(), e);
    }
  }

  /** Stops the API server, keeping etcd and its data; clients see refused connections until it starts again. */
  public synchronized void stopApiServer() {
    LocalProcess running = apiServer;
    if (running != null) {
      running.stop(STOP_GRACE);
      apiServer = null;
    }
  }

  /** Starts the API server again on the same port, with the same certificate and data, and waits until it is ready. */
  public synchronized void startApiServer() {
    if (apiServer != null && apiServer.isAlive()) {
      return;
    }
    List<String> command = List.of(
        bin.resolve("kube-apiserver").toString(),
        "--allow-privileged=true",
        "--authorization-mode=RBAC",
        "--bind-address=127.0.0.1",
        "--cert-dir=" + certDir,
        // No service-account controller runs, so the ServiceAccount admission plugin would reject every pod.
        "--disable-admission-plugins=ServiceAccount",
        "--etcd-servers=http://127.0.0.1:" + etcdClientPort,
        "--secure-port=" + apiServerPort,
        "--service-account-issuer=https://127.0.0.1:" + apiServerPort + "/",
        "--service-account-key-file=" + certDir.resolve("sa.pub"),
        "--service-account-signing-key-file=" + certDir.resolve("sa.key"),
        "--service-cluster-ip-range=10.0.0.0/24",
        // Without it, a stopping API server leaves open watches running and waits for them until its shutdown
        // timeout; with it, it ends them and drains within this period, as a rolling update does.
        "--shutdown-watch-termination-grace-period=2s",
        "--token-auth-file=" + certDir.resolve("tokens.csv"));
    LocalProcess process = LocalProcess.start("kube-apiserver", command, logDir.resolve("kube-apiserver.log"));
    apiServer = process;
    Path servingCertificate = certDir.resolve("apiserver.crt");
    // The API server writes its self-signed certificate on first start and reuses it after a restart.
    awaitCondition("kube-apiserver to write " + servingCertificate, process, () -> Files.isRegularFile(
        servingCertificate) && !ThrowawayPki.readCertificates(servingCertificate).isEmpty());
    apiServerCertificates = List.copyOf(ThrowawayPki.readCertificates(servingCertificate));
    SSLContext tls = ThrowawayPki.trusting(apiServerCertificates);
    URI readyz = apiServerUrl().resolve("/readyz");
    awaitCondition("kube-apiserver /readyz", process, () -> http("GET", readyz, null, tls).status == 200);
    if (crdsInstalled) {
      // /readyz passes before the custom resources' storage is ready; until then their requests answer
      // 429 "storage is (re)initializing".
      awaitCondition("Katib's custom resources to be served again", process, () -> {
        for (String plural : CRD_PLURALS) {
          URI list = apiServerUrl().resolve("/apis/kubeflow.org/v1beta1/" + plural + "?limit=1");
          if (http("GET", list, null, tls).status != 200) {
            return false;
          }
        }
        return true;
      });
    }
  }

  /** Stops and starts the API server (etcd keeps running), as a rolling update or a crash does to clients. */
  public synchronized void restartApiServer() {
    stopApiServer();
    startApiServer();
  }

  /**
   * Compacts etcd's history up to its current revision and returns that revision; older resource versions can no
   * longer be read from etcd, so continue tokens and exact-version reads from before it answer 410 Gone.
   */
  public long compactEtcd() {
    String key = Base64.getEncoder().encodeToString("/".getBytes(StandardCharsets.US_ASCII));
    JsonObject header = JsonParser.parseString(etcdCall("/v3/kv/range", "{\"key\":\"" + key + "\",\"limit\":1}"))
        .getAsJsonObject().getAsJsonObject("header");
    long revision = header.get("revision").getAsLong();
    etcdCall("/v3/kv/compaction", "{\"revision\":\"" + revision + "\",\"physical\":true}");
    return revision;
  }

  private URI etcdUrl(String path) {
    return URI.create("http://127.0.0.1:" + etcdClientPort + path);
  }

  /** A call to etcd's JSON gateway, which must answer 200. */
  private String etcdCall(String path, String body) {
    try {
      HttpResult result = http("POST", etcdUrl(path), body, null);
      if (result.status != 200) {
        throw new IllegalStateException("etcd " + path + " answered " + result.status + ": " + result.body);
      }
      return result.body;
    } catch (IOException e) {
      throw new UncheckedIOException("etcd " + path + ": " + e.getMessage(), e);
    }
  }

  private static final class HttpResult {
    final int status;
    final String body;

    HttpResult(int status, String body) {
      this.status = status;
      this.body = body;
    }
  }

  private HttpResult http(String method, URI url, String body, SSLContext tls) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    try {
      if (tls != null) {
        ((HttpsURLConnection) connection).setSSLSocketFactory(tls.getSocketFactory());
        connection.setRequestProperty("Authorization", "Bearer " + adminToken);
      }
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(10_000);
      connection.setRequestMethod(method);
      if (body != null) {
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = connection.getResponseCode();
      InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
      return new HttpResult(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      connection.disconnect();
    }
  }

  private void writeCredentials() {
    KeyPair serviceAccountSigner = ThrowawayPki.rsaKeyPair();
    try {
      Files.createDirectories(certDir);
      Files.writeString(certDir.resolve("sa.key"), ThrowawayPki.pem("PRIVATE KEY",
          serviceAccountSigner.getPrivate().getEncoded()));
      Files.writeString(certDir.resolve("sa.pub"), ThrowawayPki.pem("PUBLIC KEY",
          serviceAccountSigner.getPublic().getEncoded()));
      // Static token file format: token,user,uid,"group1,group2".
      Files.writeString(certDir.resolve("tokens.csv"),
          adminToken + ",katib4j-admin,katib4j-admin,\"system:masters\"\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startEtcd() {
    String client = "http://127.0.0.1:" + etcdClientPort;
    String peer = "http://127.0.0.1:" + etcdPeerPort;
    List<String> command = new ArrayList<>(List.of(
        bin.resolve("etcd").toString(),
        "--name=default",
        "--data-dir=" + workDir.resolve("etcd"),
        "--listen-client-urls=" + client,
        "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer,
        "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=default=" + peer,
        // Test data is thrown away, so durability buys nothing and fsync is slow on shared CI disks.
        "--unsafe-no-fsync=true"));
    etcd = LocalProcess.start("etcd", command, logDir.resolve("etcd.log"));
    awaitCondition("etcd /health", etcd, () -> http("GET", etcdUrl("/health"), null, null).status == 200);
  }

  private void writeKubeconfig() {
    kubeconfig = workDir.resolve("kubeconfig.yaml");
    Kubeconfigs.write(kubeconfig, apiServerUrl(), apiServerCertificates, adminToken);
  }

  private void awaitDefaultNamespace() {
    CoreV1Api core = new CoreV1Api(apiClient());
    awaitCondition("namespace \"default\"", apiServer, () -> {
      try {
        core.readNamespace("default").execute();
        return true;
      } catch (ApiException e) {
        return false;
      }
    });
  }

  private void installKatibCrds() {
    KatibCrds.install(apiClient(), START_TIMEOUT);
    crdsInstalled = true;
  }

  private interface Check {
    boolean test() throws Exception;
  }

  private static void awaitCondition(String what, LocalProcess process, Check check) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gave up waiting for " + what + ": " + process.describe() + "\n"
            + process.logTail(30));
      }
      try {
        if (check.test()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    throw new IllegalStateException("timed out after " + START_TIMEOUT.toSeconds() + " s waiting for " + what
        + (last == null ? "" : " (last error: " + last + ")") + "; " + process.describe() + "\n"
        + process.logTail(30));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void stop() {
    stopApiServer();
    if (etcd != null) {
      etcd.stop(STOP_GRACE);
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: the directory is under target/.
    }
  }
}
