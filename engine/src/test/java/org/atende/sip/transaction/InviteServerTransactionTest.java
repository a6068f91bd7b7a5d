package org.atende.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.sip.transaction.Messages.ALICE;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.Transport;
import org.junit.jupiter.api.Test;

class InviteServerTransactionTest {

    private final ManualTimerService timers = new ManualTimerService();
    private final RecordingSender sender = new RecordingSender(timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer = new TransactionLayer(sender, timers, SipTimers.RFC3261, user, Runnable::run);
    private final Messages.Req invite = Messages.invite();

    private ServerTransaction receiveInvite() {
        layer.onRequest(invite.build(), ALICE);
        return user.lastRequest();
    }

    private SIPResponse transitionToCompleted(int status) {
        ServerTransaction tx = receiveInvite();
        return tx.respond(status);
    }

    private SIPRequest ackFor(SIPResponse response, String branch) {
        return invite.as("ACK").toTag(response.getToTag()).branch(branch).build();
    }

    @Test
    void newInviteIsAnswered100TryingAndPassedToTheTu() {
        ServerTransaction tx = receiveInvite();

        assertThat(sender.summary()).containsExactly("100");
        assertThat(sender.last().destination()).isEqualTo(ALICE);
        assertThat(sender.last().response().getToTag()).isNull();
        assertThat(tx.isInvite()).isTrue();
        assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
        assertThat(tx.request().getCallId().getCallId()).isEqualTo("call-1@192.0.2.10");
        assertThat(layer.size()).isEqualTo(1);
    }

    @Test
    void retransmittedInviteInProceedingResendsLastProvisional() {
        ServerTransaction tx = receiveInvite();
        SIPResponse ringing = tx.respond(180);

        layer.onRequest(invite.build(), ALICE);

        assertThat(sender.summary()).containsExactly("100", "180", "180");
        assertThat(sender.last().message()).isSameAs(ringing);
        assertThat(user.requests).hasSize(1);
    }

    @Test
    void completedStateRetransmitsFinalResponseOnTimerG() {
        transitionToCompleted(486);

        timers.advanceMillis(20_000);

        assertThat(sender.summary()).startsWith("100", "486", "486", "486", "486", "486").doesNotContain("200");
        // T1 doubling, capped at T2 = 4 s
        assertThat(sender.times()).startsWith(0L, 0L, 500L, 1_500L, 3_500L, 7_500L, 11_500L, 15_500L, 19_500L);
        assertThat(user.requests.get(0).state()).isEqualTo(TransactionState.COMPLETED);
    }

    @Test
    void timerHEndsCompletedWithAckTimeoutAfter64T1() {
        ServerTransaction tx = receiveInvite();
        tx.respond(486);

        timers.advanceMillis(31_999);
        assertThat(user.ackTimeouts).isEmpty();
        timers.advanceMillis(1);

        assertThat(user.ackTimeouts).containsExactly(tx);
        assertThat(user.terminated).containsExactly(tx);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(layer.size()).isZero();
        sender.drain();
        timers.advanceMillis(60_000);
        assertThat(sender.sent()).isEmpty();
    }

    @Test
    void ackInCompletedConfirmsAndTimerITerminates() {
        ServerTransaction tx = receiveInvite();
        SIPResponse busy = tx.respond(486);
        timers.advanceMillis(600);

        layer.onRequest(ackFor(busy, "z9hG4bK-branch-1"), ALICE);
        sender.drain();

        assertThat(tx.state()).isEqualTo(TransactionState.CONFIRMED);
        assertThat(user.acks).as("the ACK for a non-2xx stays in the transaction").isEmpty();
        layer.onRequest(ackFor(busy, "z9hG4bK-branch-1"), ALICE);
        timers.advanceMillis(4_999);
        assertThat(tx.state()).isEqualTo(TransactionState.CONFIRMED);
        timers.advanceMillis(1);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(sender.sent()).as("no retransmission after the ACK").isEmpty();
        assertThat(user.ackTimeouts).isEmpty();
        assertThat(layer.size()).isZero();
    }

    @Test
    void retransmittedInviteInCompletedResendsFinalResponse() {
        SIPResponse busy = transitionToCompleted(486);

        layer.onRequest(invite.build(), ALICE);

        assertThat(sender.summary()).containsExactly("100", "486", "486");
        assertThat(sender.last().message()).isSameAs(busy);
    }

    @Test
    void finalResponseCarriesTheToTagOfTheProvisional() {
        ServerTransaction tx = receiveInvite();
        SIPResponse ringing = tx.respond(180);
        SIPResponse busy = tx.respond(486);

        assertThat(ringing.getToTag()).isNotBlank();
        assertThat(busy.getToTag()).isEqualTo(ringing.getToTag());
    }

    @Test
    void acceptedStateRetransmits2xxUntilTheAckArrives() {
        ServerTransaction tx = receiveInvite();
        SIPResponse ok = tx.respond(200);
        timers.advanceMillis(2_000);
        assertThat(sender.times()).containsExactly(0L, 0L, 500L, 1_500L);

        SIPRequest ack = ackFor(ok, "z9hG4bK-ack-1");
        layer.onRequest(ack, ALICE);
        timers.advanceMillis(10_000);

        assertThat(sender.summary()).containsExactly("100", "200", "200", "200");
        assertThat(user.acks).containsExactly(ack);
        assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
        timers.advanceMillis(22_000);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(user.ackTimeouts).isEmpty();
        assertThat(layer.size()).isZero();
    }

    @Test
    void acceptedStateAbsorbsRetransmittedInvite() {
        ServerTransaction tx = receiveInvite();
        tx.respond(200);

        layer.onRequest(invite.build(), ALICE);

        assertThat(sender.summary()).containsExactly("100", "200");
        assertThat(user.requests).hasSize(1);
        assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
    }

    @Test
    void accepted2xxRetransmissionsFromTheTuGoOut() {
        ServerTransaction tx = receiveInvite();
        SIPResponse ok = tx.respond(200);

        tx.sendResponse(ok);
        tx.respond(486);

        assertThat(sender.summary()).containsExactly("100", "200", "200");
    }

    @Test
    void timerLEndsAcceptedWithAckTimeoutWhenNoAckCame() {
        ServerTransaction tx = receiveInvite();
        tx.respond(200);

        timers.advanceMillis(32_000);

        assertThat(user.ackTimeouts).containsExactly(tx);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(sender.times()).containsExactly(0L, 0L, 500L, 1_500L, 3_500L, 7_500L, 11_500L, 15_500L,
                19_500L, 23_500L, 27_500L, 31_500L);
        assertThat(layer.size()).isZero();
    }

    @Test
    void ackFor2xxAfterTheTransactionEndedStillReachesTheTu() {
        ServerTransaction tx = receiveInvite();
        SIPResponse ok = tx.respond(200);
        timers.advanceMillis(40_000);
        assertThat(layer.size()).isZero();

        SIPRequest lateAck = ackFor(ok, "z9hG4bK-ack-late");
        layer.onRequest(lateAck, ALICE);

        assertThat(user.acks).containsExactly(lateAck);
    }

    @Test
    void tcpHasNoRetransmissions() {
        Endpoint aliceTcp = new Endpoint(Transport.TCP, new InetSocketAddress("192.0.2.10", 5060));
        layer.onRequest(invite.tcp().build(), aliceTcp);
        ServerTransaction busyTx = user.lastRequest();
        SIPResponse busy = busyTx.respond(486);
        timers.advanceMillis(10_000);
        assertThat(sender.summary()).containsExactly("100", "486");

        layer.onRequest(ackFor(busy, "z9hG4bK-branch-1"), aliceTcp);
        assertThat(busyTx.state()).as("Timer I is zero on TCP").isEqualTo(TransactionState.TERMINATED);

        layer.onRequest(Messages.invite().tcp().branch("z9hG4bK-2").callId("call-2").build(), aliceTcp);
        user.lastRequest().respond(200);
        timers.advanceMillis(31_000);
        assertThat(sender.summary()).containsExactly("100", "486", "100", "200");
        timers.advanceMillis(1_000);
        assertThat(layer.size()).isZero();
    }

    @Test
    void transportErrorOnFinalResponseTerminatesAndInformsTheListener() {
        ServerTransaction tx = receiveInvite();
        sender.failAll();

        tx.respond(486);

        assertThat(user.transportErrors).containsExactly(tx);
        assertThat(user.terminated).containsExactly(tx);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(layer.size()).isZero();
        timers.advanceMillis(60_000);
        assertThat(user.ackTimeouts).isEmpty();
    }

    @Test
    void failed100TryingIsReportedAfterTheTuSawTheRequest() {
        sender.failAll();

        ServerTransaction tx = receiveInvite();

        assertThat(user.transportErrors).containsExactly(tx);
        assertThat(layer.size()).isZero();
    }
}
