package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.SERVER;
import static org.atende.config.ConfigProblemsTest.load;
import static org.atende.config.ConfigProblemsTest.problems;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code server.media}: defaults, every key bound, and every bad value reported where it is written. */
class MediaConfigProblemsTest {

    /** {@link ConfigProblemsTest#SERVER} (lines 1-4) with {@code media:} on line 5 and these keys from line 6. */
    private static String media(String... keys) {
        StringBuilder yaml = new StringBuilder(SERVER).append("  media:\n");
        for (String key : keys) {
            yaml.append("    ").append(key).append('\n');
        }
        return yaml.toString();
    }

    private static MediaConfig bound(String yaml) throws ConfigException {
        return load(yaml).server().media();
    }

    @Test
    void leftOutMediaTakesTheFirstListenersAddressAndTheDataDir() throws Exception {
        assertThat(bound(SERVER)).isEqualTo(new MediaConfig("192.0.2.10", "192.0.2.10", 10000, 20000,
                Duration.ofSeconds(60), List.of("PCMU", "PCMA"), Path.of("./data/recordings")));
        assertThat(bound(SERVER + "  data_dir: /var/lib/atende\n").recordingsDir())
                .isEqualTo(Path.of("/var/lib/atende/recordings"));
        assertThat(bound(media())).as("media: with nothing under it").isEqualTo(bound(SERVER));
        assertThat(bound(media("rtp_timeout: 90s")).address()).isEqualTo("192.0.2.10");
    }

    @Test
    void everyMediaKeyIsBound() throws Exception {
        assertThat(bound(media(
                "address: 192.0.2.20",
                "advertised_address: media.example.com",
                "rtp_ports: \"20000-20999\"",
                "rtp_timeout: 2m",
                "codecs: [pcma, Pcmu]",
                "recordings_dir: /srv/recordings"))).isEqualTo(new MediaConfig("192.0.2.20", "media.example.com",
                20000, 20999, Duration.ofMinutes(2), List.of("PCMA", "PCMU"), Path.of("/srv/recordings")));
    }

    @Test
    void advertisedAddressDefaultsToTheAddress() throws Exception {
        assertThat(bound(media("address: \"2001:db8::5\"")).advertisedAddress()).isEqualTo("2001:db8::5");
        assertThat(bound(media("advertised_address: 203.0.113.5")))
                .extracting(MediaConfig::address, MediaConfig::advertisedAddress)
                .containsExactly("192.0.2.10", "203.0.113.5");
    }

    @Test
    void rtpBoundToEveryAddressAdvertisesTheFirstListenersAdvertise() throws Exception {
        assertThat(bound(media("address: 0.0.0.0")))
                .extracting(MediaConfig::address, MediaConfig::advertisedAddress)
                .containsExactly("0.0.0.0", "192.0.2.10");
        assertThat(bound(SERVER.replace("port: 5060", "advertise: sip.example.com").replace("192.0.2.10", "0.0.0.0")))
                .extracting(MediaConfig::address, MediaConfig::advertisedAddress)
                .containsExactly("0.0.0.0", "sip.example.com");
    }

    @Test
    void rtpBoundToEveryAddressWithNothingToAdvertiseIsReported() {
        String wildcardListener = SERVER.replace("192.0.2.10", "0.0.0.0");
        assertThat(problems(wildcardListener)).containsExactly(
                "t.yaml:1: server.media.advertised_address: is required when RTP binds every address (\"0.0.0.0\"):"
                        + " phones need a real address to send RTP to");
        assertThat(problems(wildcardListener + "  media:\n    address: \"::\"\n")).containsExactly(
                "t.yaml:5: server.media.advertised_address: is required when RTP binds every address (\"::\"):"
                        + " phones need a real address to send RTP to");
        assertThat(problems(media("advertised_address: 0.0.0.0", "address: 0.0.0.0"))).containsExactly(
                "t.yaml:6: server.media.advertised_address: \"0.0.0.0\" is not an address phones can send RTP to");
    }

    @Test
    void addressMustBeAnIpLiteral() {
        assertThat(problems(media("address: pbx.example.com", "advertised_address: bad_host!"))).containsExactly(
                "t.yaml:6: server.media.address: \"pbx.example.com\" is not an IP address"
                        + " (RTP binds an address, not a host name)",
                "t.yaml:7: server.media.advertised_address: \"bad_host!\" is not a host name or IP address");
        assertThat(problems(media("address: \"\""))).containsExactly("t.yaml:6: server.media.address: must not be empty");
    }

    @Test
    void demoModeRefusesANonLoopbackMediaAddress() throws Exception {
        String demoServer = "demo: true\n" + SERVER.replace("192.0.2.10", "127.0.0.1") + "  media:\n";
        assertThat(problems(demoServer + "    address: 192.0.2.10\n")).containsExactly(
                "t.yaml:7: server.media.address: demo mode listens on loopback addresses only (127.0.0.1, ::1),"
                        + " not \"192.0.2.10\"; set demo: false (and strong passwords) to listen on the network");
        assertThat(problems(demoServer + "    address: 0.0.0.0\n")).hasSize(1);
        assertThat(bound(demoServer + "    address: \"::1\"\n").address()).isEqualTo("::1");
        assertThat(bound(demoServer).address()).as("defaulted from the loopback listener").isEqualTo("127.0.0.1");
    }

    @Test
    void aBadListenerIsReportedOnceNotAgainThroughTheMediaDefaults() {
        assertThat(problems(SERVER.replace("192.0.2.10", "pbx.example.com"))).containsExactly(
                "t.yaml:4: server.listen[0].address: \"pbx.example.com\" is not an IP address"
                        + " (a listener binds an address, not a host name)");
        assertThat(problems("demo: true\n" + SERVER.replace("192.0.2.10", "0.0.0.0"))).hasSize(1);
    }

    @Test
    void rtpPortRangesAtTheLimitsBind() throws Exception {
        assertThat(bound(media("rtp_ports: 1024-1025"))).extracting(MediaConfig::rtpPortMin, MediaConfig::rtpPortMax)
                .containsExactly(1024, 1025);
        assertThat(bound(media("rtp_ports: \"65534 - 65535\""))).extracting(MediaConfig::rtpPortMin,
                MediaConfig::rtpPortMax).containsExactly(65534, 65535);
        assertThat(bound(media("rtp_ports: 10001-10003"))).as("an odd start still holds 10002/10003")
                .extracting(MediaConfig::rtpPortMin, MediaConfig::rtpPortMax).containsExactly(10001, 10003);
    }

    @Test
    void badRtpPortRangesAreReported() {
        assertThat(problems(media("rtp_ports: 10000"))).containsExactly(
                "t.yaml:6: server.media.rtp_ports: \"10000\" is not a port range (write first-last, like 10000-20000)");
        assertThat(problems(media("rtp_ports: { min: 10000, max: 20000 }"))).containsExactly(
                "t.yaml:6: server.media.rtp_ports: expected a single value, found a map");
        assertThat(problems(media("rtp_ports: 20000-10000"))).containsExactly(
                "t.yaml:6: server.media.rtp_ports: \"20000-10000\" runs backwards (write the lower port first)");
        assertThat(problems(media("rtp_ports: 80-2000"))).containsExactly(
                "t.yaml:6: server.media.rtp_ports: \"80-2000\" starts below 1024 (ports under 1024 are for system"
                        + " services)");
        assertThat(problems(media("rtp_ports: 60000-70000"))).containsExactly(
                "t.yaml:6: server.media.rtp_ports: \"60000-70000\" ends above 65535");
        String noPair = "t.yaml:6: server.media.rtp_ports: \"%s\" holds no RTP/RTCP pair"
                + " (an even port for RTP and the odd port after it for RTCP)";
        assertThat(problems(media("rtp_ports: 10001-10002"))).containsExactly(noPair.formatted("10001-10002"));
        assertThat(problems(media("rtp_ports: 10000-10000"))).containsExactly(noPair.formatted("10000-10000"));
        assertThat(problems(media("rtp_ports: 65535-65535"))).containsExactly(noPair.formatted("65535-65535"));
    }

    @Test
    void rtpPortsMustNotIncludeAUdpSipPortOnTheSameAddress() throws Exception {
        assertThat(problems(media("rtp_ports: 5000-6000"))).containsExactly(
                "t.yaml:6: server.media.rtp_ports: \"5000-6000\" includes 5060, where server.listen[0] (line 4)"
                        + " receives SIP over udp");
        assertThat(problems(media("address: 0.0.0.0", "rtp_ports: 5060-5061"))).hasSize(1);
        assertThat(bound(media("address: 192.0.2.20", "rtp_ports: 5000-6000")).rtpPortMin())
                .as("another address").isEqualTo(5000);
        assertThat(bound(SERVER.replace("udp", "tcp") + "  media: { rtp_ports: 5000-6000 }\n").rtpPortMin())
                .as("SIP over tcp").isEqualTo(5000);
        assertThat(problems(SERVER.replace("5060", "15060"))).containsExactly(
                "t.yaml:1: server.media.rtp_ports: the default 10000-20000 includes 15060, where server.listen[0]"
                        + " (line 4) receives SIP over udp; write rtp_ports without it");
    }

    @Test
    void rtpTimeoutIsADurationFrom5sTo1h() throws Exception {
        assertThat(bound(media("rtp_timeout: 5s")).rtpTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(bound(media("rtp_timeout: 1h")).rtpTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(problems(media("rtp_timeout: 4999ms"))).containsExactly(
                "t.yaml:6: server.media.rtp_timeout: \"4999ms\" is shorter than 5s");
        assertThat(problems(media("rtp_timeout: 61m"))).containsExactly(
                "t.yaml:6: server.media.rtp_timeout: is longer than 1h");
        assertThat(problems(media("rtp_timeout: off"))).containsExactly(
                "t.yaml:6: server.media.rtp_timeout: \"off\" is not a duration (write 500ms, 4s, 5m or 1h)");
    }

    @Test
    void codecsAreCheckedWithDidYouMean() {
        assertThat(problems(media("codecs:", "  - PCMU", "  - ulaw", "  - PCUM", "  - G.711a", "  - PCMU/8000",
                "  - G729", "  - pcmu"))).containsExactly(
                "t.yaml:8: server.media.codecs[1]: \"ulaw\" is not a supported codec (did you mean PCMU?)",
                "t.yaml:9: server.media.codecs[2]: \"PCUM\" is not a supported codec (did you mean PCMU?)",
                "t.yaml:10: server.media.codecs[3]: \"G.711a\" is not a supported codec (did you mean PCMA?)",
                "t.yaml:11: server.media.codecs[4]: \"PCMU/8000\" is not a supported codec (did you mean PCMU?)",
                "t.yaml:12: server.media.codecs[5]: \"G729\" is not a supported codec (PCMU, PCMA)",
                "t.yaml:13: server.media.codecs[6]: \"pcmu\" is listed twice");
        assertThat(problems(media("codecs: []"))).containsExactly(
                "t.yaml:6: server.media.codecs: must name at least one codec (PCMU, PCMA)");
        assertThat(problems(media("codecs: PCMU"))).containsExactly(
                "t.yaml:6: server.media.codecs: expected a list (\"- item\" lines or [a, b]), found a single value");
    }

    @Test
    void recordingsDirIsAPath() throws Exception {
        assertThat(bound(media("recordings_dir: rec")).recordingsDir()).isEqualTo(Path.of("rec"));
        assertThat(problems(media("recordings_dir: \"a\\0b\""))).containsExactly(
                "t.yaml:6: server.media.recordings_dir: \"a\\u0000b\" is not a file path (Nul character not allowed)");
        assertThat(problems(media("recordings_dir: \" \""))).containsExactly(
                "t.yaml:6: server.media.recordings_dir: must not be empty");
    }

    @Test
    void unknownMediaKeysAreReportedWithDidYouMean() {
        assertThat(problems(media("rtp_port: 10000-20000", "advertise: x.example.com", "codec: [PCMU]")))
                .containsExactly(
                        "t.yaml:6: server.media.rtp_port: unknown key (did you mean rtp_ports?)",
                        "t.yaml:7: server.media.advertise: unknown key (did you mean advertised_address?)",
                        "t.yaml:8: server.media.codec: unknown key (did you mean codecs?)");
        assertThat(problems(SERVER + "  rtp_ports: 10000-20000\n")).containsExactly(
                "t.yaml:5: server.rtp_ports: unknown key here (rtp_ports belongs under server.media)");
    }

    @Test
    void severalMediaProblemsAreReportedTogether() {
        assertThat(problems(media("address: 192.0.2.300", "rtp_ports: 1-2", "rtp_timeout: 1s", "codecs: [opus]")))
                .containsExactly(
                        "t.yaml:6: server.media.address: \"192.0.2.300\" is not an IP address"
                                + " (RTP binds an address, not a host name)",
                        "t.yaml:7: server.media.rtp_ports: \"1-2\" starts below 1024 (ports under 1024 are for"
                                + " system services)",
                        "t.yaml:8: server.media.rtp_timeout: \"1s\" is shorter than 5s",
                        "t.yaml:9: server.media.codecs[0]: \"opus\" is not a supported codec (PCMU, PCMA)");
    }
}
