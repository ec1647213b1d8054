package dev.cloudnative.mesh.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the JDK {@link HttpServer} backends of the loopback tests with Nagle's algorithm off.
 * Stateless; thread-safe.
 */
final class LoopbackServers {

  static {
    // The JDK server sends a response's headers and body as separate small segments; with Nagle on,
    // the body
    // waits for the client's delayed ACK of the headers, 30-40 ms per keep-alive request.
    // ServerConfig reads
    // the property once, when the JVM's first HttpServer is created, so every test server is made
    // here.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private LoopbackServers() {}

  /**
   * @return an unstarted server on 127.0.0.1 and a free port
   */
  static HttpServer create(int backlog) throws IOException {
    return HttpServer.create(new InetSocketAddress("127.0.0.1", 0), backlog);
  }
}
