package org.atende.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.sip.transaction.Messages.BOB;
import static org.atende.sip.transaction.Messages.BOB_TCP;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InviteClientTransactionTest {

    private final ManualTimerService timers = new ManualTimerService();
    private final RecordingSender sender = new RecordingSender(timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer = new TransactionLayer(sender, timers, SipTimers.RFC3261, user, Runnable::run);
    private final RecordingClientListener listener = new RecordingClientListener();
    private final SIPRequest invite = Messages.invite().branch(TransactionLayer.newBranch()).sentBy("atende.example:5060").build();

    private ClientTransaction send() {
        return layer.sendRequest(invite, BOB, listener);
    }

    private void receive(int status, String toTag) {
        layer.onResponse(Messages.response(invite, status, toTag), BOB);
    }

    private List<RecordingSender.Sent> sentRequests(String method) {
        return sender.sent().stream().filter(s -> s.isRequest(method)).toList();
    }

    @Test
    void callingRetransmitsInviteOnTimerADoublingWithoutCap() {
        ClientTransaction tx = send();
        assertThat(tx.state()).isEqualTo(TransactionState.CALLING);
        assertThat(tx.destination()).isEqualTo(BOB);

        timers.advanceMillis(31_999);

        assertThat(sender.summary()).containsOnly("INVITE");
        assertThat(sender.times()).containsExactly(0L, 500L, 1_500L, 3_500L, 7_500L, 15_500L, 31_500L);
        assertThat(sender.sent()).allSatisfy(s -> assertThat(s.message()).isSameAs(invite));
    }

    @Test
    void timerBFiresOnTimeoutAfter64T1() {
        ClientTransaction tx = send();

        timers.advanceMillis(31_999);
        assertThat(listener.timeouts).isEmpty();
        timers.advanceMillis(1);

        assertThat(listener.timeouts).containsExactly(tx);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(layer.size()).isZero();
        timers.advanceMillis(100_000);
        assertThat(listener.timeouts).hasSize(1);
        assertThat(sender.sent()).hasSize(7);
    }

    @Test
    void provisionalStopsRetransmissionsAndTimerB() {
        ClientTransaction tx = send();
        timers.advanceMillis(600);

        receive(180, "bob-1");
        timers.advanceMillis(100_000);

        assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
        assertThat(sender.times()).containsExactly(0L, 500L);
        assertThat(listener.statuses()).containsExactly(180);
        assertThat(listener.timeouts).isEmpty();
    }

    @Test
    void inviteClientAcksNon2xxWithSameBranch() {
        ClientTransaction tx = send();
        receive(180, "bob-1");

        receive(486, "bob-1");

        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
        assertThat(listener.statuses()).containsExactly(180, 486);
        SIPRequest ack = sentRequests("ACK").get(0).request();
        assertThat(sentRequests("ACK").get(0).destination()).isEqualTo(BOB);
        assertThat(ack.getTopmostVia().getBranch()).isEqualTo(invite.getTopmostVia().getBranch());
        assertThat(ack.getViaHeaders()).hasSize(1);
        assertThat(ack.getRequestURI()).isEqualTo(invite.getRequestURI());
        assertThat(ack.getToTag()).isEqualTo("bob-1");
        assertThat(ack.getFromTag()).isEqualTo(invite.getFromTag());
        assertThat(ack.getCallId().getCallId()).isEqualTo(invite.getCallId().getCallId());
        assertThat(ack.getCSeq().getSeqNumber()).isEqualTo(1L);
        assertThat(ack.getCSeq().getMethod()).isEqualTo("ACK");
        assertThat(ack.getHeader("Route").toString()).contains("edge.atende.example");
    }

    @Test
    void retransmittedNon2xxIsReAckedAndNotPassedUp() {
        send();
        receive(503, "bob-1");

        receive(503, "bob-1");
        receive(503, "bob-1");

        assertThat(sender.summary()).containsExactly("INVITE", "ACK", "ACK", "ACK");
        assertThat(listener.statuses()).containsExactly(503);
    }

    @Test
    void timerDEndsCompletedAfter32Seconds() {
        ClientTransaction tx = send();
        receive(404, "bob-1");

        timers.advanceMillis(31_999);
        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
        timers.advanceMillis(1);

        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(layer.size()).isZero();
        assertThat(listener.timeouts).isEmpty();
    }

    @Test
    void twoHundredGoesToAcceptedAndEvery2xxReachesTheTu() {
        ClientTransaction tx = send();
        receive(200, "bob-1");
        receive(200, "bob-1");
        receive(200, "bob-fork-2");
        receive(486, "bob-3");

        assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
        assertThat(listener.statuses()).containsExactly(200, 200, 200);
        assertThat(sender.summary()).as("the TU ACKs a 2xx").containsExactly("INVITE");

        timers.advanceMillis(32_000);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(layer.size()).isZero();
        receive(200, "bob-1");
        assertThat(user.strays).hasSize(1);
        assertThat(listener.timeouts).isEmpty();
    }

    @Test
    void cancelBeforeProvisionalIsDeferred() {
        ClientTransaction tx = send();

        tx.cancel();
        assertThat(sentRequests("CANCEL")).isEmpty();
        timers.advanceMillis(600);
        receive(180, "bob-1");

        assertThat(sender.summary()).containsExactly("INVITE", "INVITE", "CANCEL");
        SIPRequest cancel = sentRequests("CANCEL").get(0).request();
        assertThat(cancel.getTopmostVia().getBranch()).isEqualTo(invite.getTopmostVia().getBranch());
        assertThat(cancel.getRequestURI()).isEqualTo(invite.getRequestURI());
        assertThat(cancel.getCSeq().getSeqNumber()).isEqualTo(1L);
        assertThat(cancel.getCSeq().getMethod()).isEqualTo("CANCEL");
        assertThat(cancel.getToTag()).isNull();
        assertThat(cancel.getHeader("Route").toString()).contains("edge.atende.example");
        assertThat(cancel.getHeader("Reason")).as("none given").isNull();
        assertThat(layer.size()).as("INVITE and CANCEL transactions").isEqualTo(2);

        layer.onResponse(Messages.response(cancel, 200, "bob-1"), BOB);
        receive(487, "bob-1");
        assertThat(listener.statuses()).as("the CANCEL's 200 is not the TU's").containsExactly(180, 487);
        assertThat(sender.summary()).containsExactly("INVITE", "INVITE", "CANCEL", "ACK");
        timers.advanceMillis(300_000);
        assertThat(layer.size()).isZero();
        assertThat(listener.timeouts).isEmpty();
    }

    @Test
    void deferredCancelCarriesTheReasonGivenAndTheFirstCancelDecides() throws Exception {
        ClientTransaction tx = send();

        tx.cancel(new gov.nist.javax.sip.header.HeaderFactoryImpl().createReasonHeader("SIP", 200,
                "Call completed elsewhere"));
        tx.cancel();
        receive(180, "bob-1");

        List<RecordingSender.Sent> cancels = sentRequests("CANCEL");
        assertThat(cancels).hasSize(1);
        assertThat(cancels.get(0).request().getHeader("Reason").toString())
                .isEqualTo("Reason: SIP;cause=200;text=\"Call completed elsewhere\"\r\n");
    }

    @Test
    void cancelInProceedingIsSentAtOnceAndOnlyOnce() {
        ClientTransaction tx = send();
        receive(183, "bob-1");

        tx.cancel();
        tx.cancel();
        receive(180, "bob-1");

        assertThat(sentRequests("CANCEL")).hasSize(1);
    }

    @Test
    void cancelWithoutFinalResponseTimesOutAfter64T1() {
        ClientTransaction tx = send();
        receive(180, "bob-1");
        timers.advanceMillis(10_000);

        tx.cancel();
        timers.advanceMillis(31_999);
        assertThat(listener.timeouts).isEmpty();
        timers.advanceMillis(1);

        assertThat(listener.timeouts).containsExactly(tx);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        timers.advanceMillis(300_000);
        assertThat(layer.size()).isZero();
    }

    @Test
    void cancelAfterFinalResponseHasNoEffect() {
        ClientTransaction tx = send();
        receive(180, "bob-1");
        receive(200, "bob-1");

        tx.cancel();

        assertThat(sentRequests("CANCEL")).isEmpty();
    }

    @Test
    void tcpHasNoRetransmissions() {
        ClientTransaction tx = layer.sendRequest(invite, BOB_TCP, listener);
        timers.advanceMillis(31_999);
        assertThat(sender.summary()).containsExactly("INVITE");

        layer.onResponse(Messages.response(invite, 486, "bob-1"), BOB_TCP);

        assertThat(sender.summary()).containsExactly("INVITE", "ACK");
        assertThat(tx.state()).as("Timer D is zero on TCP").isEqualTo(TransactionState.TERMINATED);
        assertThat(layer.size()).isZero();
    }

    @Test
    void transportErrorIsReportedOnceAndTerminates() {
        sender.failAll();

        ClientTransaction tx = send();
        timers.advanceMillis(100_000);

        assertThat(listener.transportErrors).hasSize(1);
        assertThat(listener.timeouts).isEmpty();
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(layer.size()).isZero();
    }

    @Test
    void transportErrorFromAnotherThreadIsHandledOnTheOwner() {
        List<Runnable> ownerQueue = new ArrayList<>();
        TransactionLayer queued = new TransactionLayer(sender, timers, SipTimers.RFC3261, user, ownerQueue::add);
        sender.failAll();

        ClientTransaction tx = queued.sendRequest(invite, BOB, listener);
        assertThat(listener.transportErrors).as("not before the owner runs it").isEmpty();
        assertThat(tx.state()).isEqualTo(TransactionState.CALLING);

        ownerQueue.forEach(Runnable::run);

        assertThat(listener.transportErrors).hasSize(1);
        assertThat(queued.size()).isZero();
    }

    @Test
    void newBranchesCarryTheMagicCookieAndDiffer() {
        String a = TransactionLayer.newBranch();
        String b = TransactionLayer.newBranch();

        assertThat(a).startsWith("z9hG4bK").hasSize(39).isNotEqualTo(b);
    }

    @Test
    void responseForAnotherMethodWithTheSameBranchIsNotOurs() {
        send();
        SIPResponse forCancel = Messages.response(Messages.invite().as("CANCEL")
                .branch(invite.getTopmostVia().getBranch()).build(), 200, "bob-1");

        layer.onResponse(forCancel, BOB);

        assertThat(listener.responses).isEmpty();
        assertThat(user.strays).containsExactly(forCancel);
    }
}
