package org.dunning.infra;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The three real servers start from Maven artifacts and do their job. */
class LocalInfraTest {

    @TempDir
    static Path dir;
    static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalStack.Options.ephemeral(dir), List.of("alpha", "beta"), List.of("infra.test"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void postgresServesOneDatabasePerService() throws Exception {
        for (String db : List.of("alpha", "beta")) {
            try (var c = DriverManager.getConnection(stack.postgres().jdbcUrl(db), PostgresServer.USER, PostgresServer.PASSWORD);
                 ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(db);
            }
        }
    }

    @Test
    void kafkaBrokerCarriesRecords() {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("infra.test", "k", "hello")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "t", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("infra.test"));
            String value = null;
            long until = System.currentTimeMillis() + 30_000;
            while (value == null && System.currentTimeMillis() < until) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (var r : records) {
                    value = r.value();
                }
            }
            assertThat(value).isEqualTo("hello");
        }
    }

    @Test
    void smtpServerAcceptsAndKeepsMail() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(stack.smtp().smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(props));
        m.setFrom("ar@tenant.test");
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("debtor@customer.test"));
        m.setSubject("Reminder");
        m.setText("Invoice INV-1 is overdue");
        Transport.send(m);
        assertThat(stack.smtp().receivedBy("debtor@customer.test")).singleElement()
                .satisfies(r -> assertThat(r.getSubject()).isEqualTo("Reminder"));
    }
}
