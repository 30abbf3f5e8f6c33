package io.github.katib4j.k8s.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain-HTTP server on the loopback interface that answers every request 404 with a Kubernetes Status and records
 * the request paths: enough to see which requests a client sends, without an API server.
 */
public final class NotFoundServer implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> paths = new CopyOnWriteArrayList<>();

  public NotFoundServer() throws Exception {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accepting = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          answer(socket);
        } catch (Exception e) {
          // Closed at the test's end, or a client that went away.
        }
      }
    }, "http-404");
    accepting.setDaemon(true);
    accepting.start();
  }

  /** The paths of the requests received so far, without their queries, in order. */
  public List<String> paths() {
    return List.copyOf(paths);
  }

  /** A kubeconfig in {@code dir} whose current context is this server, with namespace {@code team-a}. */
  public Path kubeconfig(Path dir) throws Exception {
    return Kubeconfigs.unchecked(dir, "http://127.0.0.1:" + server.getLocalPort());
  }

  private void answer(Socket socket) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String requestLine = in.readLine();
    for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
      // Headers are not needed, and the client's GETs have no body.
    }
    paths.add(requestLine.split(" ")[1].replaceAll("\\?.*", ""));
    byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
        + "\"code\":404}").getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
