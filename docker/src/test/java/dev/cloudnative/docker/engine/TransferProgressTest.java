package dev.cloudnative.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import dev.cloudnative.docker.internal.Progress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The INFO lines of a push or pull, from streams as Docker 20.10 and Podman 4.3 sent them (recorded
 * against the test registry), and the build step wording shared by both engines.
 */
class TransferProgressTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIGEST =
      "sha256:0f717893770c26dcc8d3f88762d13d392d8856b004e26e0d090e8b26737a678a";

  private static List<String> feed(
      TransferProgress p, Class<? extends ResponseItem> type, String... items) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String item : items) {
      lines.addAll(p.accept(JSON.readValue(item, type)));
    }
    return lines;
  }

  @Test
  void dockerPushLogsTheLayerOutcomeAndKeepsTheDigest() throws Exception {
    TransferProgress p = new TransferProgress("push", "127.0.0.1:35000/cn-probe/x:1");
    List<String> lines =
        feed(
            p,
            PushResponseItem.class,
            "{\"status\":\"The push refers to repository [127.0.0.1:35000/cn-probe/x]\"}",
            "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"5f7d31224b13\"}",
            "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,\"total\":3},\"id\":\"5f7d31224b13\"}",
            "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"5f7d31224b13\"}",
            "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
            "{\"status\":\"1: digest: " + DIGEST + " size: 524\"}",
            "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1\",\"Digest\":\""
                + DIGEST
                + "\",\"Size\":524}}");
    assertThat(lines)
        .containsExactly(
            "push 127.0.0.1:35000/cn-probe/x:1 layer 5f7d31224b13: Pushed",
            "push 127.0.0.1:35000/cn-probe/x:1 layer aaaaaaaaaaaa: Layer already exists");
    assertThat(p.digest()).hasValue(DIGEST);
    assertThat(p.layerCount()).isEqualTo(2);
  }

  @Test
  void largeLayersReportQuartersOnceSmallOnesNever() throws Exception {
    TransferProgress p = new TransferProgress("pull", "r.local/x:1");
    List<String> items = new ArrayList<>();
    for (long current = 0; current <= 40_000_000; current += 1_000_000) {
      items.add(
          "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":"
              + current
              + ",\"total\":40000000},\"id\":\"ea2b242017ae\"}");
    }
    items.add(
        "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":50,\"total\":106},\"id\":\"bbbbbbbbbbbb\"}");
    items.add("{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"ea2b242017ae\"}");
    items.add("{\"status\":\"Digest: " + DIGEST + "\"}");
    items.add("{\"status\":\"Status: Downloaded newer image for r.local/x:1\"}");
    assertThat(feed(p, PullResponseItem.class, items.toArray(String[]::new)))
        .containsExactly(
            "pull r.local/x:1 layer ea2b242017ae: Downloading 25% of 40.0 MB",
            "pull r.local/x:1 layer ea2b242017ae: Downloading 50% of 40.0 MB",
            "pull r.local/x:1 layer ea2b242017ae: Downloading 75% of 40.0 MB",
            "pull r.local/x:1 layer ea2b242017ae: Pull complete");
    assertThat(p.digest()).hasValue(DIGEST);
  }

  @Test
  void podmanStreamsWithoutLayerIdsOrDigestStayQuiet() throws Exception {
    TransferProgress p = new TransferProgress("pull", "r.local/x:1");
    assertThat(
            feed(
                p,
                PullResponseItem.class,
                "{\"status\":\"Pulling from cn-probe/x\",\"id\":\"1\"}",
                "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"83a0dfd060e4\"}",
                "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"83a0dfd060e4\"}"))
        .isEmpty();
    assertThat(p.digest()).isEmpty();
    assertThat(p.layerCount()).isEqualTo(1);
  }

  @Test
  void buildStepsReadTheSameFromDockerAndPodman() {
    assertThat(Progress.buildStep("shop:1.0", "Step 2/5 : COPY index.html /www/index.html"))
        .hasValue("build shop:1.0 step 2/5: COPY index.html /www/index.html");
    assertThat(Progress.buildStep("shop:1.0", "STEP 2/5: COPY index.html /www/index.html"))
        .hasValue("build shop:1.0 step 2/5: COPY index.html /www/index.html");
    assertThat(Progress.buildStep("shop:1.0", " ---> Running in 0123")).isEmpty();
    assertThat(Progress.bytes(512)).isEqualTo("512 B");
    assertThat(Progress.bytes(2_048)).isEqualTo("2.0 kB");
    assertThat(Progress.bytes(12_400_000)).isEqualTo("12.4 MB");
  }
}
