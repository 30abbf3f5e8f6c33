package io.github.katib4j.k8s.testing;

import io.kubernetes.client.openapi.ApiClient;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A loopback HTTPS proxy between a client and the {@link ControlPlane}'s API server that injects faults: error
 * responses (429 with Retry-After, 5xx), dropped connections (before the response, after the server answered, or in
 * the middle of a watch) and stalls, each for requests matching a predicate, a given number of times. It records
 * every request it sees.
 *
 * <p>To see HTTP it terminates TLS with its own self-signed certificate (which {@link #apiClient()} and
 * {@link #kubeconfig()} trust), offers only http/1.1, and forwards each request over a new TLS connection to the API
 * server. When the API server is down, the proxy resets the client's connection, as a dead backend would.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(plane)) {
 *   FaultProxy.Injection busy = proxy.inject(Fault.when(r -> r.method().equals("GET")).times(2)
 *       .respond(429, Duration.ofSeconds(1)));
 *   ApiClient client = proxy.apiClient();
 *   ...
 *   assertThat(busy.hits()).isEqualTo(2);
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final Map<Integer, String> REASONS = Map.of(
      429, "TooManyRequests", 500, "InternalError", 503, "ServiceUnavailable", 504, "Timeout", 409, "Conflict",
      410, "Expired", 404, "NotFound", 403, "Forbidden", 401, "Unauthorized");

  private final ServerSocket server;
  private final SSLContext serving;
  private final SSLContext upstreamTls;
  private final InetSocketAddress upstream;
  private final Path kubeconfig;
  private final X509Certificate certificate;
  private final ExecutorService connections;
  private final ScheduledExecutorService timers;
  private final List<Injection> injections = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private FaultProxy(ControlPlane plane) throws IOException {
    KeyPair keys = ThrowawayPki.rsaKeyPair();
    X509Certificate certificate = ThrowawayPki.selfSignedServingCertificate(keys, "katib4j-fault-proxy");
    this.serving = ThrowawayPki.serving(keys, certificate);
    this.upstreamTls = ThrowawayPki.trusting(plane.apiServerCertificates());
    this.upstream = new InetSocketAddress(plane.apiServerUrl().getHost(), plane.apiServerUrl().getPort());
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    AtomicInteger threadCount = new AtomicInteger();
    this.connections = Executors.newCachedThreadPool(r -> daemon(r, "fault-proxy-" + threadCount.incrementAndGet()));
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fault-proxy-timer"));
    this.certificate = certificate;
    this.kubeconfig = Files.createTempFile("katib4j-fault-proxy-", ".kubeconfig");
    Kubeconfigs.write(kubeconfig, url(), List.of(certificate), plane.adminToken());
    connections.execute(this::acceptLoop);
  }

  /** Starts a proxy in front of {@code plane}'s API server on a free loopback port. */
  public static FaultProxy start(ControlPlane plane) {
    try {
      return new FaultProxy(plane);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fault proxy: " + e.getMessage(), e);
    }
  }

  /** The proxy's base URL, {@code https://127.0.0.1:<port>}. */
  public URI url() {
    return URI.create("https://127.0.0.1:" + server.getLocalPort());
  }

  /** A kubeconfig for the admin user that goes through this proxy. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A kubeconfig for the user of {@code userKubeconfig} (one of {@link ControlPlane}'s) that goes through this proxy. */
  public Path kubeconfigFor(Path userKubeconfig) {
    try {
      java.util.regex.Matcher token = java.util.regex.Pattern.compile("(?m)^\\s*token: (\\S+)$")
          .matcher(Files.readString(userKubeconfig));
      if (!token.find()) {
        throw new IllegalArgumentException(userKubeconfig + " has no token");
      }
      Path file = Files.createTempFile("katib4j-fault-proxy-", ".kubeconfig");
      Kubeconfigs.write(file, url(), List.of(certificate), token.group(1));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a kubeconfig for " + userKubeconfig, e);
    }
  }

  /** A new admin client that goes through this proxy. */
  public ApiClient apiClient() {
    return ControlPlane.apiClientFor(kubeconfig);
  }

  /** Adds a fault after the ones already injected; the first injected fault that matches a request applies. */
  public Injection inject(Fault fault) {
    Injection injection = new Injection(fault);
    injections.add(injection);
    return injection;
  }

  /** Removes every injected fault; requests are forwarded untouched again. */
  public void clearFaults() {
    injections.clear();
  }

  /** Every request seen so far, in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** How many requests seen so far match {@code predicate}. */
  public long countRequests(Predicate<RecordedRequest> predicate) {
    return requests.stream().filter(predicate).count();
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Resets every open connection (idle, in flight or watching) and returns how many client connections it cut. */
  public int dropConnections() {
    int clients = 0;
    for (Socket socket : openSockets) {
      if (socket.getLocalPort() == server.getLocalPort()) {
        clients++;
      }
      reset(socket);
    }
    return clients;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    dropConnections();
    connections.shutdownNow();
    timers.shutdownNow();
    try {
      Files.deleteIfExists(kubeconfig);
    } catch (IOException e) {
      // A temp file; best effort.
    }
  }

  /** A fault injected into a proxy: how often it has applied and how often it still will. */
  public static final class Injection {
    private final Fault fault;
    private final AtomicInteger remaining;
    private final AtomicInteger hits = new AtomicInteger();

    private Injection(Fault fault) {
      this.fault = fault;
      this.remaining = new AtomicInteger(fault.times());
    }

    /** How many requests this fault has applied to. */
    public int hits() {
      return hits.get();
    }

    /** Stops applying this fault. */
    public void cancel() {
      remaining.set(0);
    }

    /** Atomically claims one application for {@code request}; false when it does not match or is used up. */
    private boolean claim(RecordedRequest request) {
      if (!fault.matcher().test(request)) {
        return false;
      }
      while (true) {
        int left = remaining.get();
        if (left == 0) {
          return false;
        }
        if (left == Fault.ALWAYS || remaining.compareAndSet(left, left - 1)) {
          hits.incrementAndGet();
          return true;
        }
      }
    }

    @Override
    public String toString() {
      return fault + " (" + hits() + " hits)";
    }
  }

  // ---- connection handling ---------------------------------------------------------------------------------------

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        connections.execute(() -> serve(client));
      } catch (IOException e) {
        if (!closed) {
          System.err.println("fault proxy: accept failed: " + e);
        }
      }
    }
  }

  private void serve(Socket plain) {
    openSockets.add(plain);
    try {
      SSLSocket tls = (SSLSocket) serving.getSocketFactory().createSocket(plain, null, true);
      tls.setUseClientMode(false);
      SSLParameters parameters = tls.getSSLParameters();
      // Only HTTP/1.1, so the client sends requests this proxy can read and answer one by one.
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      tls.setSSLParameters(parameters);
      InputStream in = new BufferedInputStream(tls.getInputStream());
      OutputStream out = tls.getOutputStream();
      boolean keepAlive = true;
      while (keepAlive && !closed) {
        HttpMessage request = HttpMessage.read(in);
        if (request == null) {
          break;
        }
        keepAlive = handle(request, plain, in, out);
      }
    } catch (ProtocolException e) {
      System.err.println("fault proxy: closing a connection: " + e.getMessage());
    } catch (IOException e) {
      // The client went away or the connection was dropped on purpose.
    } finally {
      openSockets.remove(plain);
      closeQuietly(plain);
    }
  }

  /** Applies the first matching fault or forwards; returns whether the client connection can carry another request. */
  private boolean handle(HttpMessage request, Socket client, InputStream in, OutputStream out) throws IOException {
    RecordedRequest recorded = request.toRecorded();
    Injection injection = injections.stream().filter(i -> i.claim(recorded)).findFirst().orElse(null);
    Fault fault = injection == null ? null : injection.fault;
    requests.add(fault == null ? recorded : recorded.withFault(fault.toString()));
    if (fault == null) {
      forward(request, client, in, out, null);
      return false;
    }
    switch (fault.action()) {
      case RESPOND:
        respond(out, fault.status(), fault.delay(), recorded);
        return true;
      case DROP:
        reset(client);
        return false;
      case DROP_AFTER:
        forward(request, client, in, out, fault.delay());
        return false;
      case LOSE_RESPONSE:
        forward(request, client, in, OutputStream.nullOutputStream(), null);
        reset(client);
        return false;
      case STALL:
        long until = System.nanoTime() + fault.delay().toNanos();
        while (System.nanoTime() < until && !client.isClosed() && !closed) {
          sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
        if (client.isClosed() || closed) {
          return false;
        }
        forward(request, client, in, out, null);
        return false;
      default:
        throw new AssertionError(fault.action());
    }
  }

  /**
   * Sends the request to the API server with {@code Connection: close} and copies the response back until the server
   * closes, so no response parsing is needed; with {@code dropAfter} set, resets both connections after that delay.
   */
  private void forward(HttpMessage request, Socket client, InputStream in, OutputStream out, Duration dropAfter)
      throws IOException {
    Socket plain = new Socket();
    openSockets.add(plain);
    try {
      try {
        plain.connect(upstream, 5_000);
      } catch (IOException e) {
        reset(client);
        return;
      }
      SSLSocket tls = (SSLSocket) upstreamTls.getSocketFactory()
          .createSocket(plain, upstream.getHostString(), upstream.getPort(), true);
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(parameters);
      OutputStream upstreamOut = tls.getOutputStream();
      upstreamOut.write(request.headWith("Connection", "close"));
      upstreamOut.write(request.body);
      upstreamOut.flush();
      // The client sends nothing more on this connection; when it hangs up (a closed watch), hang up upstream too
      // instead of waiting for the API server's next byte.
      connections.execute(() -> {
        try {
          in.read();
        } catch (IOException e) {
          // Closed either way.
        }
        reset(plain);
      });
      if (dropAfter != null) {
        timers.schedule(() -> {
          reset(client);
          reset(plain);
        }, dropAfter.toMillis(), TimeUnit.MILLISECONDS);
      }
      InputStream upstreamIn = tls.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      for (int n = upstreamIn.read(buffer); n >= 0; n = upstreamIn.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } finally {
      openSockets.remove(plain);
      closeQuietly(plain);
    }
  }

  private static void respond(OutputStream out, int status, Duration retryAfter, RecordedRequest request)
      throws IOException {
    String reason = REASONS.getOrDefault(status, "InternalError");
    String message = "injected by katib4j's FaultProxy: " + status + " for " + request.method() + " "
        + request.path();
    String details = retryAfter == null ? "" : ",\"details\":{\"retryAfterSeconds\":" + retryAfter.toSeconds() + "}";
    byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + message + "\",\"reason\":\"" + reason + "\"" + details + ",\"code\":" + status + "}")
        .getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n")
        .append("Content-Type: application/json\r\n")
        .append("Content-Length: ").append(body.length).append("\r\n");
    if (retryAfter != null) {
      head.append("Retry-After: ").append(retryAfter.toSeconds()).append("\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static void reset(Socket socket) {
    try {
      // SO_LINGER 0 makes close() send a TCP reset, as a crashed peer or a dropped network path does.
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // Already closed.
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do.
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /** An HTTP/1.1 request as read from the client: request line, headers and the whole body. */
  private static final class HttpMessage {
    private final String method;
    private final String target;
    private final Map<String, String> headers;
    private final List<String> headerLines;
    private final byte[] body;

    private HttpMessage(String method, String target, List<String> headerLines, byte[] body) {
      this.method = method;
      this.target = target;
      this.headerLines = headerLines;
      this.headers = new LinkedHashMap<>();
      for (String line : headerLines) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      this.body = body;
    }

    /** The next request, or null when the client closed the connection between requests. */
    static HttpMessage read(InputStream in) throws IOException {
      String requestLine = readLine(in, true);
      if (requestLine == null) {
        return null;
      }
      String[] parts = requestLine.split(" ");
      if (parts.length != 3) {
        throw new ProtocolException("not an HTTP/1.1 request line: " + requestLine);
      }
      List<String> headerLines = new ArrayList<>();
      int headBytes = requestLine.length();
      for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
        headBytes += line.length();
        if (headBytes > MAX_HEAD_BYTES || line.indexOf(':') < 1) {
          throw new ProtocolException("request head too long or malformed");
        }
        headerLines.add(line);
      }
      HttpMessage head = new HttpMessage(parts[0], parts[1], headerLines, new byte[0]);
      if (head.headers.containsKey("transfer-encoding")) {
        // client-java always sends a Content-Length; a chunked body would need decoding this proxy does not do.
        throw new ProtocolException("chunked request bodies are not supported by the fault proxy: " + requestLine);
      }
      int length = Integer.parseInt(head.headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      if (body.length != length) {
        throw new EOFException("request body ended early");
      }
      return new HttpMessage(parts[0], parts[1], headerLines, body);
    }

    RecordedRequest toRecorded() {
      int q = target.indexOf('?');
      String path = q < 0 ? target : target.substring(0, q);
      String query = q < 0 ? "" : target.substring(q + 1);
      return new RecordedRequest(Instant.now(), method.toUpperCase(Locale.ROOT), path, query, headers, body.length,
          null);
    }

    /** The request line and headers, with {@code name} set to {@code value} (replacing any earlier value). */
    byte[] headWith(String name, String value) {
      StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      for (String line : headerLines) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(name.toLowerCase(Locale.ROOT) + ":") && !lower.startsWith("keep-alive:")) {
          head.append(line).append("\r\n");
        }
      }
      head.append(name).append(": ").append(value).append("\r\n\r\n");
      return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A CRLF-terminated line; null at a clean end of stream only when {@code eofAllowed}. */
    private static String readLine(InputStream in, boolean eofAllowed) throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (eofAllowed && line.length() == 0) {
            return null;
          }
          throw new EOFException("connection closed in the middle of a request");
        }
        if (b == '\n') {
          int end = line.length();
          return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }
        if (line.length() > MAX_HEAD_BYTES) {
          throw new ProtocolException("request line too long");
        }
        line.append((char) b);
      }
    }
  }
}
