package org.atende.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An extension dialling an agent feature code from a SIPp UAC: INVITE with digest, ACK, then each key of
 * {@code keys} as a SIP INFO (application/dtmf-relay, 200 ms apart), then Atende's confirmation and its BYE, which
 * SIPp answers. The scenario is written for the keys at hand (SIPp cannot loop over a string's characters).
 */
final class SippFeatureCall {

    private SippFeatureCall() {
    }

    /** Dials {@code code} as {@code extension} (password "demo" + extension) and keys {@code keys}; SIPp's exit code. */
    static int dial(int serverPort, String extension, String code, String keys, Path work)
            throws IOException, InterruptedException {
        Path scenario = work.resolve("feature-" + extension + "-" + System.nanoTime() + ".xml");
        Files.writeString(scenario, scenario(keys));
        int port = EngineFixture.freePort();
        List<String> cmd = new java.util.ArrayList<>(List.of("sipp", "127.0.0.1:" + serverPort, "-sf",
                scenario.toString(), "-i", "127.0.0.1", "-mi", "127.0.0.1", "-p", Integer.toString(port), "-mp",
                Integer.toString(EngineFixture.freeUdpRange(4)), "-nostdin", "-key", "domain", "127.0.0.1", "-key",
                "caller", extension, "-s", code, "-au", extension, "-ap", "demo" + extension, "-m", "1",
                "-timeout", "40s", "-timeout_error"));
        try (Peers.Proc p = new Peers.Proc(cmd, work.resolve(scenario.getFileName() + ".log"), work)) {
            int rc = p.waitFor(45);
            if (rc != 0) {
                throw new AssertionError("SIPp feature call " + code + " from " + extension + " failed (" + rc
                        + "): " + p.output());
            }
            return rc;
        }
    }

    /** A key pressed {@code afterMs} after the previous one (or after the answer, for the first). */
    record Key(int afterMs, char key) {
    }

    /**
     * A carrier's caller (the trunk trusts 127.0.0.1: no digest) calling {@code dialled} from {@code caller} and
     * keying {@code keys} at their times, then Atende's BYE; SIPp's exit code.
     */
    static int fromCarrier(int serverPort, String caller, String dialled, List<Key> keys, Path work)
            throws IOException, InterruptedException {
        Path scenario = work.resolve("carrier-call-" + System.nanoTime() + ".xml");
        Files.writeString(scenario, scenario(keys, false));
        List<String> cmd = List.of("sipp", "127.0.0.1:" + serverPort, "-sf", scenario.toString(), "-i", "127.0.0.1",
                "-mi", "127.0.0.1", "-p", Integer.toString(EngineFixture.freePort()), "-mp",
                Integer.toString(EngineFixture.freeUdpRange(4)), "-nostdin", "-key", "domain", "127.0.0.1", "-key",
                "caller", caller, "-s", dialled, "-m", "1", "-timeout", "60s", "-timeout_error");
        try (Peers.Proc p = new Peers.Proc(cmd, work.resolve(scenario.getFileName() + ".log"), work)) {
            int rc = p.waitFor(65);
            if (rc != 0) {
                throw new AssertionError("SIPp call from " + caller + " to " + dialled + " failed (" + rc + "): "
                        + p.output());
            }
            return rc;
        }
    }

    static String scenario(String keys) {
        return scenario(keys.chars().mapToObj(k -> new Key(200, (char) k)).toList(), true);
    }

    private static String scenario(List<Key> keys, boolean digest) {
        StringBuilder infos = new StringBuilder();
        int cseq = digest ? 3 : 2;
        for (Key key : keys) {
            char k = key.key();
            infos.append("""
                      <pause milliseconds="%d"/>
                      <send retrans="500">
                        <![CDATA[

                          INFO [next_url] SIP/2.0
                          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                          [routes]
                          From: <sip:[caller]@[domain]>;tag=[pid]SIPpTag01[call_number]
                          To: <sip:[service]@[domain]>[peer_tag_param]
                          Call-ID: [call_id]
                          CSeq: %d INFO
                          Max-Forwards: 70
                          Content-Type: application/dtmf-relay
                          Content-Length: [len]

                          Signal=%s
                          Duration=160

                        ]]>
                      </send>
                      <recv response="200"/>
                    """.formatted(key.afterMs(), cseq++, k));
        }
        String digestPart = !digest ? "" : """
                  <recv response="100" optional="true"/>
                  <recv response="407" auth="true"/>
                  <send>
                    <![CDATA[

                      ACK sip:[service]@[domain] SIP/2.0
                      [last_Via:]
                      [last_From:]
                      [last_To:]
                      [last_Call-ID:]
                      CSeq: 1 ACK
                      Max-Forwards: 70
                      Content-Length: 0

                    ]]>
                  </send>
                  <send retrans="500">
                    <![CDATA[

                      INVITE sip:[service]@[domain] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                      From: <sip:[caller]@[domain]>;tag=[pid]SIPpTag01[call_number]
                      To: <sip:[service]@[domain]>
                      Call-ID: [call_id]
                      CSeq: 2 INVITE
                      Contact: <sip:[caller]@[local_ip]:[local_port];transport=[transport]>
                      [authentication]
                      Max-Forwards: 70
                      Content-Type: application/sdp
                      Content-Length: [len]

                      v=0
                      o=- [pid][call_number] 1 IN IP4 [media_ip]
                      s=-
                      c=IN IP4 [media_ip]
                      t=0 0
                      m=audio [media_port] RTP/AVP 0 101
                      a=rtpmap:0 PCMU/8000
                      a=rtpmap:101 telephone-event/8000
                      a=sendrecv

                    ]]>
                  </send>
                """;
        return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <!DOCTYPE scenario SYSTEM "sipp.dtd">
                <scenario name="agent feature code">
                  <send retrans="500">
                    <![CDATA[

                      INVITE sip:[service]@[domain] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                      From: <sip:[caller]@[domain]>;tag=[pid]SIPpTag01[call_number]
                      To: <sip:[service]@[domain]>
                      Call-ID: [call_id]
                      CSeq: 1 INVITE
                      Contact: <sip:[caller]@[local_ip]:[local_port];transport=[transport]>
                      Max-Forwards: 70
                      Content-Type: application/sdp
                      Content-Length: [len]

                      v=0
                      o=- [pid][call_number] 1 IN IP4 [media_ip]
                      s=-
                      c=IN IP4 [media_ip]
                      t=0 0
                      m=audio [media_port] RTP/AVP 0 101
                      a=rtpmap:0 PCMU/8000
                      a=rtpmap:101 telephone-event/8000
                      a=sendrecv

                    ]]>
                  </send>
                %s
                  <recv response="100" optional="true"/>
                  <recv response="200" rrs="true"/>
                  <send>
                    <![CDATA[

                      ACK [next_url] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                      [routes]
                      From: <sip:[caller]@[domain]>;tag=[pid]SIPpTag01[call_number]
                      To: <sip:[service]@[domain]>[peer_tag_param]
                      Call-ID: [call_id]
                      CSeq: %d ACK
                      Max-Forwards: 70
                      Content-Length: 0

                    ]]>
                  </send>
                %s
                  <recv request="BYE"/>
                  <send>
                    <![CDATA[

                      SIP/2.0 200 OK
                      [last_Via:]
                      [last_From:]
                      [last_To:]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Content-Length: 0

                    ]]>
                  </send>
                </scenario>
                """.formatted(digestPart, digest ? 2 : 1, infos);
    }
}
