package org.atende.it;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The test-only TLS material in {@code src/test/resources/tls} (see its README), as files and as JSSE contexts. */
final class TestTls {

    private TestTls() {
    }

    static Path file(String name) {
        try {
            return Path.of(TestTls.class.getResource("/tls/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts the test CA only. */
    static SSLContext client() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificates("ca.pem")[0]);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server context presenting {@code name}.pem with {@code name}-key.pem ("server" or "wronghost"). */
    static SSLContext server(String name) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem(name + "-key.pem", "PRIVATE KEY"));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setKeyEntry("server", key, new char[0], certificates(name + ".pem"));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Certificate[] certificates(String name) throws Exception {
        try (InputStream in = TestTls.class.getResourceAsStream("/tls/" + name)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
        }
    }

    private static String pem(String name, String type) throws Exception {
        try (InputStream in = TestTls.class.getResourceAsStream("/tls/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int start = text.indexOf("-----BEGIN " + type + "-----") + ("-----BEGIN " + type + "-----").length();
            return text.substring(start, text.indexOf("-----END " + type + "-----"));
        }
    }
}
