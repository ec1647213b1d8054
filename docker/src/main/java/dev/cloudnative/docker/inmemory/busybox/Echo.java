package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;
import java.util.List;

/**
 * {@code echo [-neE] ARG...}: the arguments joined by spaces; {@code -e} interprets backslash
 * escapes ({@code \n}, {@code \t}, {@code \\}, {@code \c}, {@code \0NNN}, {@code \xHH}, ...),
 * {@code -n} drops the newline. Output is line-based in this model, so an unterminated last piece
 * is still one line (as {@code docker logs} shows it).
 *
 * <p>Stateless and thread-safe.
 */
final class Echo implements ContainerProgram {
  @Override
  public int run(ProgramContext context) {
    List<String> a = context.args();
    int i = 1;
    boolean newline = true;
    boolean escapes = false;
    // Like busybox, only leading words made of n, e and E letters are options; "-x" is printed.
    while (i < a.size() && a.get(i).matches("-[neE]+")) {
      for (char ch : a.get(i).substring(1).toCharArray()) {
        switch (ch) {
          case 'n' -> newline = false;
          case 'e' -> escapes = true;
          default -> escapes = false;
        }
      }
      i++;
    }
    String text = String.join(" ", a.subList(i, a.size()));
    if (escapes) {
      StringBuilder out = new StringBuilder();
      if (unescape(text, out)) {
        newline = false; // \c: no further output, not even the newline
      }
      text = out.toString();
    }
    String[] lines = text.split("\n", -1);
    int n = lines.length;
    if (!newline && n > 1 && lines[n - 1].isEmpty()) {
      n--; // the text itself ended the last line
    }
    for (int k = 0; k < n; k++) {
      if (k < n - 1 || newline || !lines[k].isEmpty()) {
        context.out(lines[k]);
      }
    }
    return 0;
  }

  /** Appends {@code s} with escapes resolved; true if {@code \c} cut it short. */
  private static boolean unescape(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch != '\\' || i + 1 == s.length()) {
        out.append(ch);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'v' -> out.append('\u000b');
        case 'e' -> out.append('\u001b');
        case '\\' -> out.append('\\');
        case 'c' -> {
          return true;
        }
        case '0' -> {
          int end = i + 1;
          while (end < s.length() && end < i + 4 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
            end++;
          }
          out.append((char) (end == i + 1 ? 0 : Integer.parseInt(s.substring(i + 1, end), 8)));
          i = end - 1;
        }
        case 'x' -> {
          int end = i + 1;
          while (end < s.length() && end < i + 3 && Character.digit(s.charAt(end), 16) >= 0) {
            end++;
          }
          if (end == i + 1) {
            out.append("\\x");
          } else {
            out.append((char) Integer.parseInt(s.substring(i + 1, end), 16));
            i = end - 1;
          }
        }
        default -> out.append('\\').append(e);
      }
    }
    return false;
  }
}
