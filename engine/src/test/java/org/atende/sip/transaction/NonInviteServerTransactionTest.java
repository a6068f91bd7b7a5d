package org.atende.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.sip.transaction.Messages.ALICE;

import java.net.InetSocketAddress;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.Transport;
import org.junit.jupiter.api.Test;

class NonInviteServerTransactionTest {

    private final ManualTimerService timers = new ManualTimerService();
    private final RecordingSender sender = new RecordingSender(timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer = new TransactionLayer(sender, timers, SipTimers.RFC3261, user, Runnable::run);
    private final Messages.Req options = Messages.request("OPTIONS");

    private ServerTransaction receive() {
        layer.onRequest(options.build(), ALICE);
        return user.lastRequest();
    }

    @Test
    void newRequestStartsInTryingWithoutAnyResponse() {
        ServerTransaction tx = receive();

        assertThat(tx.isInvite()).isFalse();
        assertThat(tx.state()).isEqualTo(TransactionState.TRYING);
        assertThat(sender.sent()).isEmpty();
    }

    @Test
    void tryingAbsorbsRetransmittedRequest() {
        receive();

        layer.onRequest(options.build(), ALICE);

        assertThat(sender.sent()).isEmpty();
        assertThat(user.requests).hasSize(1);
    }

    @Test
    void proceedingResendsLastProvisionalForRetransmittedRequest() {
        ServerTransaction tx = receive();
        tx.respond(100);
        assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);

        layer.onRequest(options.build(), ALICE);

        assertThat(sender.summary()).containsExactly("100", "100");
    }

    @Test
    void completedUdpTransactionKeepsOnlyTheEncodedResponse() {
        ServerTransaction tx = receive();
        tx.respond(486);
        assertThat(tx.request()).as("parsed request released for Timer J").isNull();
        assertThat(tx.respond(500)).as("a late respond() is dropped, not thrown").isNull();

        layer.onRequest(options.build(), ALICE);

        assertThat(sender.summary()).containsExactly("486", "486");
        assertThat(sender.sent().get(1).message().encode()).isEqualTo(sender.sent().get(0).message().encode());
    }

    @Test
    void completedResendsFinalResponseForRetransmittedRequest() {
        ServerTransaction tx = receive();
        tx.respond(200);

        layer.onRequest(options.build(), ALICE);
        timers.advanceMillis(10_000);
        layer.onRequest(options.build(), ALICE);

        assertThat(sender.summary()).containsExactly("200", "200", "200");
        assertThat(sender.times()).as("no retransmission on a timer").containsExactly(0L, 0L, 10_000L);
        assertThat(user.requests).hasSize(1);
    }

    @Test
    void timerJTerminatesCompletedAfter64T1OnUdp() {
        ServerTransaction tx = receive();
        tx.respond(404);

        timers.advanceMillis(31_999);
        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
        timers.advanceMillis(1);

        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(user.terminated).containsExactly(tx);
        assertThat(layer.size()).isZero();
    }

    @Test
    void tcpTerminatesOnTheFinalResponse() {
        Endpoint aliceTcp = new Endpoint(Transport.TCP, new InetSocketAddress("192.0.2.10", 5060));
        layer.onRequest(options.tcp().build(), aliceTcp);

        user.lastRequest().respond(200);

        assertThat(user.lastRequest().state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(layer.size()).isZero();
    }

    @Test
    void responsesAfterTheFinalAreDropped() {
        ServerTransaction tx = receive();
        tx.respond(200);

        tx.respond(500);
        tx.respond(180);

        assertThat(sender.summary()).containsExactly("200");
    }

    @Test
    void finalResponseGetsAToTagWhenTheRequestHadNone() {
        ServerTransaction tx = receive();

        assertThat(tx.respond(200).getToTag()).isNotBlank();
    }

    @Test
    void responseToARequestWithAToTagKeepsIt() {
        layer.onRequest(Messages.request("BYE").toTag("dialog-tag").build(), ALICE);

        assertThat(user.lastRequest().respond(200).getToTag()).isEqualTo("dialog-tag");
    }
}
