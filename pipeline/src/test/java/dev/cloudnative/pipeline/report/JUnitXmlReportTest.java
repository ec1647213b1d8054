package dev.cloudnative.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.pipeline.RunStatus;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class JUnitXmlReportTest extends ReportFormatContract {

  @Override
  protected ReportFormat format() {
    return ReportFormat.junitXml();
  }

  @Override
  protected void assertParsesBackTo(String rendered, RunStatus run) throws Exception {
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(rendered)));

    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("name")).isEqualTo("report");
    assertThat(root.getAttribute("tests")).isEqualTo("6");
    assertThat(root.getAttribute("failures")).isEqualTo("1");
    assertThat(root.getAttribute("errors")).isEqualTo("0");
    assertThat(root.getAttribute("skipped")).isEqualTo("1");
    NodeList suites = doc.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(4);
    Element test = (Element) suites.item(1);
    assertThat(test.getAttribute("name")).isEqualTo("report.test");
    assertThat(test.getAttribute("failures")).isEqualTo("1");
    assertThat(test.getAttribute("timestamp"))
        .isEqualTo(run.stage("test").orElseThrow().startedAt().orElseThrow().toString());

    NodeList failures = doc.getElementsByTagName("failure");
    assertThat(failures.getLength()).isEqualTo(1);
    Element failure = (Element) failures.item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("exit code 3");
    Element boom = (Element) failure.getParentNode();
    assertThat(boom.getAttribute("name")).isEqualTo("boom");
    assertThat(boom.getAttribute("classname")).isEqualTo("report.test");
    assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(1);

    String out = doc.getElementsByTagName("system-out").item(0).getTextContent();
    assertThat(out)
        .contains("a \"quoted\" <tag> & 'x'")
        .contains("\\u0001")
        .contains("\ud83d\ude00");
    // a lone surrogate cannot pass through a process argument, but a Java step can log one
    String javaOut = doc.getElementsByTagName("system-out").item(1).getTextContent();
    assertThat(javaOut).contains("lone\\ud800 end").contains("\ud83d\ude00");
    assertThat(doc.getElementsByTagName("system-err").item(0).getTextContent()).isEqualTo("oops");
  }
}
