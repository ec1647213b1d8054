package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code seq [-w] [-s SEP] [FIRST [INC]] LAST}: numbers from FIRST to LAST in steps of INC
 * (decimals print with the largest number of decimals given, {@code -w} pads with zeros, {@code -s}
 * joins them on one line). Integer runs take a fast path: the contract prints 1.4 million lines
 * with it.
 *
 * <p>Stateless and thread-safe.
 */
final class Seq implements ContainerProgram {
  @Override
  public int run(ProgramContext context) {
    List<String> a = context.args();
    boolean pad = false;
    String sep = null;
    List<String> nums = new ArrayList<>();
    for (int i = 1; i < a.size(); i++) {
      String s = a.get(i);
      if (s.equals("-w")) {
        pad = true;
      } else if (s.equals("-s") && i + 1 < a.size()) {
        sep = a.get(++i);
      } else if (s.startsWith("-s") && s.length() > 2) {
        sep = s.substring(2);
      } else {
        nums.add(s);
      }
    }
    if (nums.isEmpty() || nums.size() > 3) {
      context.err("Usage: seq [-w] [-s SEP] [FIRST [INC]] LAST");
      return 1;
    }
    BigDecimal first;
    BigDecimal inc;
    BigDecimal last;
    try {
      first = nums.size() > 1 ? new BigDecimal(nums.get(0)) : BigDecimal.ONE;
      inc = nums.size() > 2 ? new BigDecimal(nums.get(1)) : BigDecimal.ONE;
      last = new BigDecimal(nums.get(nums.size() - 1));
    } catch (NumberFormatException e) {
      String bad =
          nums.stream()
              .filter(n -> !n.matches("[-+]?[0-9]*\\.?[0-9]+"))
              .findFirst()
              .orElse(nums.get(0));
      context.err("seq: invalid number '" + bad + "'");
      return 1;
    }
    if (inc.signum() == 0) {
      context.err("seq: invalid number '" + nums.get(1) + "'");
      return 1;
    }
    int scale = Math.max(0, Math.max(first.scale(), Math.max(inc.scale(), last.scale())));
    int width =
        pad
            ? Math.max(
                first.setScale(scale).toPlainString().length(),
                last.setScale(scale).toPlainString().length())
            : 0;
    StringBuilder joined = sep == null ? null : new StringBuilder();
    if (scale == 0 && width == 0 && joined == null && fitsLong(first, inc, last)) {
      long f = first.longValueExact();
      long step = inc.longValueExact();
      long l = last.longValueExact();
      for (long v = f; step > 0 ? v <= l : v >= l; v += step) {
        context.out(Long.toString(v));
      }
      return 0;
    }
    for (BigDecimal v = first;
        inc.signum() > 0 ? v.compareTo(last) <= 0 : v.compareTo(last) >= 0;
        v = v.add(inc)) {
      String s = v.setScale(scale).toPlainString();
      if (width > 0) {
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        s = (negative ? "-" : "") + "0".repeat(Math.max(0, width - s.length())) + digits;
      }
      if (joined == null) {
        context.out(s);
      } else {
        joined.append(joined.length() == 0 ? "" : sep).append(s);
      }
    }
    if (joined != null && joined.length() > 0) {
      context.out(joined.toString());
    }
    return 0;
  }

  private static boolean fitsLong(BigDecimal... values) {
    for (BigDecimal v : values) {
      if (v.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 4)) > 0) {
        return false;
      }
    }
    return true;
  }
}
