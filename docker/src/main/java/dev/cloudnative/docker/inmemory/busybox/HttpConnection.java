package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ProgramContext;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One client connection of {@link Httpd}: reads HTTP/1.x requests one after the other (keep-alive),
 * answers each from the container's files and closes when the client asks for it, on HTTP/1.0
 * without keep-alive, after an error that leaves the stream unusable, after {@link #IDLE} without a
 * request, or when stop is requested. Each response goes out as one write (headers and body
 * coalesced in the buffer) followed by a flush.
 *
 * <p>Not thread-safe: used by the one thread that owns the connection.
 */
final class HttpConnection {
  static final Duration IDLE = Duration.ofSeconds(60);
  private static final int MAX_LINE = 8192;
  private static final int MAX_HEADERS = 100;
  private static final long MAX_BODY = 1 << 20;
  private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
  // busybox's suffix table (httpd.c); other files get no Content-type at all, as busybox sends
  // them.
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("htm", "text/html"),
          Map.entry("html", "text/html"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("png", "image/png"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("txt", "text/plain"),
          Map.entry("h", "text/plain"),
          Map.entry("c", "text/plain"),
          Map.entry("cc", "text/plain"),
          Map.entry("cpp", "text/plain"),
          Map.entry("css", "text/css"),
          Map.entry("js", "application/javascript"),
          Map.entry("wasm", "application/wasm"));

  /** A parsed request head. */
  private record Request(
      String method,
      String target,
      String version,
      boolean keepAlive,
      long contentLength,
      boolean chunked) {}

  /** What to send: status, headers beyond the fixed ones, body (HEAD sends only its length). */
  private record Response(
      int status,
      String reason,
      Optional<String> contentType,
      Optional<String> location,
      byte[] body,
      boolean close) {}

  private final Socket socket;
  private final ProgramContext context;
  private final String home;
  private final int verbose;

  HttpConnection(Socket socket, ProgramContext context, String home, int verbose) {
    this.socket = socket;
    this.context = context;
    this.home =
        home.endsWith("/") && home.length() > 1 ? home.substring(0, home.length() - 1) : home;
    this.verbose = verbose;
  }

  void serve() throws IOException {
    socket.setSoTimeout((int) IDLE.toMillis());
    InputStream in = new BufferedInputStream(socket.getInputStream(), MAX_LINE);
    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    String peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    while (!context.stopRequested()) {
      Request request;
      Response response;
      try {
        request = readHead(in);
        if (request == null) {
          return; // the client closed the connection between requests
        }
        response = answer(request);
      } catch (SocketTimeoutException idle) {
        return;
      } catch (BadRequest e) {
        request = null;
        response = page(e.status, e.reason, e.text, true);
      }
      if (verbose > 1 && request != null) {
        context.err(peer + ": url:" + request.target());
      }
      if (verbose > 0) {
        context.err(peer + ": response:" + response.status());
      }
      boolean keepAlive = request != null && request.keepAlive() && !response.close();
      write(
          out,
          response,
          request != null && request.method().equals("HEAD"),
          keepAlive,
          request != null && request.version().equals("HTTP/1.0"));
      if (!keepAlive) {
        return;
      }
      if (request.contentLength() > 0) {
        in.skipNBytes(
            request.contentLength()); // a GET with a body: skip it to reach the next request
      }
    }
  }

  private Request readHead(InputStream in) throws IOException, BadRequest {
    String line = readLine(in, true);
    while (line != null && line.isEmpty()) {
      line = readLine(in, true); // RFC 9112 2.2: ignore empty lines before a request line
    }
    if (line == null) {
      return null;
    }
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[0].matches("[A-Za-z]+")) {
      throw new BadRequest(400, "Bad Request", "Unsupported method");
    }
    String version = parts[2];
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      throw new BadRequest(400, "Bad Request", "Unsupported HTTP version");
    }
    boolean keepAlive = version.equals("HTTP/1.1");
    long length = 0;
    boolean chunked = false;
    for (int n = 0; ; n++) {
      String h = readLine(in, false);
      if (h == null) {
        throw new BadRequest(400, "Bad Request", "Connection closed in the request head");
      }
      if (h.isEmpty()) {
        break;
      }
      if (n == MAX_HEADERS) {
        throw new BadRequest(
            431, "Request Header Fields Too Large", "Too many request header fields");
      }
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new BadRequest(400, "Bad Request", "Malformed header line");
      }
      String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      switch (name) {
        case "connection" -> {
          if (value.contains("close")) {
            keepAlive = false;
          } else if (value.contains("keep-alive")) {
            keepAlive = true;
          }
        }
        case "content-length" -> {
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new BadRequest(400, "Bad Request", "Bad Content-Length");
          }
        }
        case "transfer-encoding" -> chunked = true;
        default -> {}
      }
    }
    return new Request(parts[0], parts[1], version, keepAlive, length, chunked);
  }

  private Response answer(Request r) throws IOException, BadRequest {
    if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
      return page(501, "Not Implemented", "The requested method is not recognized", true);
    }
    // A body we cannot skip exactly would be read as the next request.
    boolean close = r.chunked() || r.contentLength() > MAX_BODY || r.contentLength() < 0;
    String path = path(r.target());
    if (path.endsWith("/")) {
      Optional<byte[]> index = context.readFile(home + path + "index.html");
      return index.map(b -> file("index.html", b, close)).orElseGet(() -> notFound(close));
    }
    Optional<byte[]> body = context.readFile(home + path);
    if (body.isPresent()) {
      return file(path, body.get(), close);
    }
    if (context.isDirectory(home + path)) {
      // The Location is the URL as the client sent it (still percent-encoded), with the slash
      // added.
      String raw = r.target().split("[?#]", 2)[0];
      return new Response(
          302, "Found", Optional.of("text/html"), Optional.of(raw + "/"), new byte[0], close);
    }
    return notFound(close);
  }

  /**
   * The decoded, normalized URL path; a path that climbs above the root is a bad request, as in
   * busybox.
   */
  private static String path(String target) throws BadRequest {
    String t = target;
    if (t.startsWith("http://") || t.startsWith("https://")) {
      int slash = t.indexOf('/', t.indexOf("//") + 2);
      t = slash < 0 ? "/" : t.substring(slash);
    }
    int cut = t.indexOf('?');
    t = cut < 0 ? t : t.substring(0, cut);
    cut = t.indexOf('#');
    t = cut < 0 ? t : t.substring(0, cut);
    if (!t.startsWith("/")) {
      throw new BadRequest(400, "Bad Request", "Bad request target");
    }
    String decoded;
    try {
      decoded = URLDecoder.decode(t.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, "Bad Request", "Bad URL encoding");
    }
    if (decoded.indexOf('\0') >= 0) {
      throw new BadRequest(400, "Bad Request", "Bad URL");
    }
    Deque<String> segments = new ArrayDeque<>();
    String[] parts = decoded.split("/", -1);
    for (String s : parts) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (segments.isEmpty()) {
          throw new BadRequest(400, "Bad Request", "Bad URL");
        }
        segments.removeLast();
      } else {
        segments.addLast(s);
      }
    }
    String p = "/" + String.join("/", segments);
    boolean dirUrl =
        decoded.endsWith("/")
            || parts[parts.length - 1].equals(".")
            || parts[parts.length - 1].equals("..");
    return dirUrl && !p.endsWith("/") ? p + "/" : p;
  }

  private static Response file(String name, byte[] body, boolean close) {
    int dot = name.lastIndexOf('.');
    String ext =
        dot < 0 || dot < name.lastIndexOf('/')
            ? ""
            : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return new Response(
        200, "OK", Optional.ofNullable(TYPES.get(ext)), Optional.empty(), body, close);
  }

  private static Response notFound(boolean close) {
    return page(404, "Not Found", "The requested URL was not found", close);
  }

  /** busybox's error page. */
  private static Response page(int status, String reason, String text, boolean close) {
    String html =
        "<HTML><HEAD><TITLE>"
            + status
            + " "
            + reason
            + "</TITLE></HEAD>\n<BODY><H1>"
            + status
            + " "
            + reason
            + "</H1>\n"
            + text
            + "\n</BODY></HTML>\n";
    return new Response(
        status,
        reason,
        Optional.of("text/html"),
        Optional.empty(),
        html.getBytes(StandardCharsets.US_ASCII),
        close);
  }

  private static void write(
      OutputStream out, Response r, boolean head, boolean keepAlive, boolean http10)
      throws IOException {
    StringBuilder h = new StringBuilder(256);
    h.append("HTTP/1.1 ").append(r.status()).append(' ').append(r.reason()).append("\r\n");
    h.append("Date: ").append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
    if (!keepAlive) {
      h.append("Connection: close\r\n");
    } else if (http10) {
      h.append("Connection: keep-alive\r\n");
    }
    r.contentType().ifPresent(t -> h.append("Content-type: ").append(t).append("\r\n"));
    r.location().ifPresent(l -> h.append("Location: ").append(l).append("\r\n"));
    h.append("Content-Length: ").append(r.body().length).append("\r\n\r\n");
    out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(r.body());
    }
    out.flush();
  }

  /**
   * One line without its CRLF (a bare LF ends it too); null at end of stream before any byte.
   *
   * @param idleAllowed whether the read may wait for the next request (else a timeout is a broken
   *     request)
   */
  private static String readLine(InputStream in, boolean idleAllowed)
      throws IOException, BadRequest {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        if (idleAllowed && line.size() == 0) {
          throw e;
        }
        throw new BadRequest(408, "Request Timeout", "The request head did not arrive in time");
      }
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      if (line.size() == MAX_LINE) {
        throw new BadRequest(
            431, "Request Header Fields Too Large", "Request line or header too long");
      }
      line.write(b);
    }
  }

  /** A request that cannot be answered normally; the connection closes after the error page. */
  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String reason;
    private final String text;

    BadRequest(int status, String reason, String text) {
      super(status + " " + reason + ": " + text, null, false, false);
      this.status = status;
      this.reason = reason;
      this.text = text;
    }
  }
}
