package dev.cloudnative.docker.inmemory;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Java stand-ins for the busybox applets the contract uses, so the in-memory engine runs the very same specs as the
 * real engines. Behaviour (output format, exit codes) follows busybox.
 */
final class BusyboxPrograms {
  private BusyboxPrograms() {}

  static Map<String, ContainerProgram> all() {
    Map<String, ContainerProgram> m = new HashMap<>();
    m.put("echo", c -> {
      c.out(String.join(" ", c.args().subList(1, c.args().size())));
      return 0;
    });
    m.put("true", c -> 0);
    m.put("false", c -> 1);
    m.put("seq", c -> {
      long from = Long.parseLong(c.args().get(1));
      long to = Long.parseLong(c.args().get(2));
      for (long i = from; i <= to; i++) {
        c.out(Long.toString(i));
      }
      return 0;
    });
    m.put("sleep", c -> c.awaitStop(Duration.ofSeconds(Long.parseLong(c.args().get(1)))) ? 143 : 0);
    m.put("env", c -> {
      c.env().forEach((k, v) -> c.out(k + "=" + v));
      return 0;
    });
    m.put("pwd", c -> {
      c.out(c.workingDir());
      return 0;
    });
    m.put("id", c -> {
      String u = c.user().isEmpty() ? "0" : c.user().split(":")[0];
      c.out(u);
      return 0;
    });
    m.put("cat", c -> {
      int code = 0;
      for (String f : c.args().subList(1, c.args().size())) {
        Optional<byte[]> b = c.readFile(f);
        if (b.isEmpty()) {
          c.err("cat: can't open '" + f + "': No such file or directory");
          code = 1;
          continue;
        }
        String text = new String(b.get(), StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
          if (!line.isEmpty() || !text.endsWith("\n")) {
            c.out(line);
          }
        }
      }
      return code;
    });
    m.put("touch", c -> {
      for (String f : c.args().subList(1, c.args().size())) {
        c.writeFile(f, c.readFile(f).orElse(new byte[0]));
      }
      return 0;
    });
    m.put("ls", c -> {
      List<String> paths = c.args().size() > 1 ? c.args().subList(1, c.args().size()) : List.of(".");
      int code = 0;
      for (String p : paths) {
        if (c.isDirectory(p)) {
          if (paths.size() > 1) {
            c.out(p + ":");
          }
          c.list(p).forEach(c::out);
        } else if (c.readFile(p).isPresent()) {
          c.out(p);
        } else {
          c.err("ls: " + p + ": No such file or directory");
          code = 1;
        }
      }
      return code;
    });
    m.put("test", c -> {
      String flag = c.args().get(1);
      String path = c.args().get(2);
      boolean ok = switch (flag) {
        case "-d" -> c.isDirectory(path);
        case "-f" -> c.readFile(path).isPresent();
        default -> throw new IllegalArgumentException("test: unsupported " + flag);
      };
      return ok ? 0 : 1;
    });
    m.put("httpd", BusyboxPrograms::httpd);
    ContainerProgram[] self = new ContainerProgram[1];
    self[0] = c -> {
      if (c.args().size() > 1 && c.args().get(1).equals("--install")) {
        return 0; // the applets are already registered by name
      }
      ContainerProgram applet = m.get(c.args().get(1));
      if (applet == null) {
        c.err(c.args().get(1) + ": applet not found");
        return 127;
      }
      return applet.run(new Shifted(c));
    };
    m.put("busybox", self[0]);
    return m;
  }

  private static int httpd(ProgramContext c) throws IOException, InterruptedException {
    int port = 80;
    String home = ".";
    List<String> a = c.args();
    for (int i = 1; i < a.size(); i++) {
      if (a.get(i).equals("-p")) {
        port = Integer.parseInt(a.get(++i));
      } else if (a.get(i).equals("-h")) {
        home = a.get(++i);
      }
    }
    String root = home;
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), c.hostPort(port)), 16);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      Optional<byte[]> body = c.readFile(root + (path.equals("/") ? "/index.html" : path));
      byte[] b = body.orElse("404 Not Found\n".getBytes(StandardCharsets.UTF_8));
      ex.sendResponseHeaders(body.isPresent() ? 200 : 404, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    });
    server.start();
    try {
      c.awaitStop(Duration.ofDays(1));
    } finally {
      server.stop(0);
    }
    return 0;
  }

  /** argv without the leading "busybox". */
  private record Shifted(ProgramContext d) implements ProgramContext {
    @Override
    public List<String> args() {
      return d.args().subList(1, d.args().size());
    }

    @Override
    public Map<String, String> env() {
      return d.env();
    }

    @Override
    public String workingDir() {
      return d.workingDir();
    }

    @Override
    public String user() {
      return d.user();
    }

    @Override
    public void out(String line) {
      d.out(line);
    }

    @Override
    public void err(String line) {
      d.err(line);
    }

    @Override
    public Optional<byte[]> readFile(String path) throws IOException {
      return d.readFile(path);
    }

    @Override
    public void writeFile(String path, byte[] content) throws IOException {
      d.writeFile(path, content);
    }

    @Override
    public List<String> list(String dir) throws IOException {
      return d.list(dir);
    }

    @Override
    public boolean isDirectory(String path) throws IOException {
      return d.isDirectory(path);
    }

    @Override
    public int hostPort(int containerPort) {
      return d.hostPort(containerPort);
    }

    @Override
    public boolean stopRequested() {
      return d.stopRequested();
    }

    @Override
    public boolean awaitStop(Duration t) throws InterruptedException {
      return d.awaitStop(t);
    }
  }
}
