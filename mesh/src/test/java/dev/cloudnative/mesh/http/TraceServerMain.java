package dev.cloudnative.mesh.http;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.tracing.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The server process of {@link TraceparentAcrossProcessesTest}: a JDK HTTP server on 127.0.0.1 (a
 * free port) whose handler is wrapped in {@link ObservedHttpHandler} over a Brave tracer with W3C
 * propagation. It prints {@code PORT <port>} once listening and, per request, {@code SPAN <trace
 * id> <parent span id>} of the server span the request ran in; it exits when its standard input
 * closes (the test ending, or dying). Test code: it prints to standard output by design.
 */
public final class TraceServerMain {

  private TraceServerMain() {}

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BraveObservations brave = new BraveObservations("trace-server");
    HttpServer server = LoopbackServers.create(16);
    server.createContext(
        "/",
        ObservedHttpHandler.wrap(
            exchange -> {
              Span span = brave.tracer.currentSpan();
              String line =
                  span == null
                      ? "SPAN none none"
                      : "SPAN " + span.context().traceId() + " " + span.context().parentId();
              out.println(line);
              byte[] body = line.getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
              }
            },
            brave.registry));
    server.start();
    out.println("PORT " + server.getAddress().getPort());
    InputStream in = System.in;
    while (in.read() >= 0) {
      // Only the end of the input matters: it is the parent's signal to stop.
    }
    server.stop(0);
    brave.close();
  }
}
