// The S3 back end against a real S3-compatible server on loopback (s3rver, which checks SigV4
// signatures of signed and presigned requests and the expiry of presigned URLs).
#include "files/s3/s3_object_store.hpp"

#include "files/s3/s3_test_server.hpp"
#include "http/client.hpp"
#include "http/server.hpp"
#include "support/process.hpp"
#include "util/crypto.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <thread>
#include <vector>

namespace {

using namespace megatron;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A clock a fixed amount off the real time.
class ShiftedClock final : public Clock {
  public:
    explicit ShiftedClock(std::chrono::seconds by) : by_(by) {}
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now() + by_;
    }

  private:
    std::chrono::seconds by_;
};

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class S3ObjectStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto server = test::s3_test_server();
        ASSERT_TRUE(server.has_value()) << test::kNoS3Server;
        server_ = *server;
    }

    config::Config config(std::map<std::string, std::string> overrides = {}) const {
        auto vars = test::s3_variables(server_);
        for (auto& [k, v] : overrides) vars[k] = v;
        auto c = config::from_variables(vars);
        EXPECT_TRUE(c) << (c ? "" : c.error().line());
        return c ? *c : config::Config{};
    }

    // A file of `size` random bytes in the test's own directory.
    fs::path random_file(const std::string& name, std::size_t size) const {
        fs::path path = fs::path(dir_.path()) / name;
        std::mt19937 gen(static_cast<unsigned>(size));
        std::ofstream out(path, std::ios::binary);
        std::string block(64 * 1024, '\0');
        for (std::size_t written = 0; written < size; written += block.size()) {
            for (auto& c : block) c = static_cast<char>(gen());
            out.write(block.data(),
                      static_cast<std::streamsize>(std::min(block.size(), size - written)));
        }
        return path;
    }

    // A plain GET of `url`, the body into a file: what a Slack user's browser does.
    http::ClientResponse get(const std::string& url, const fs::path& into) const {
        http::Client client;
        http::ClientRequest request;
        request.url = url;
        request.download_to_path = into.string();
        request.total_timeout = 60s;
        auto response = client.send(request);
        EXPECT_TRUE(response) << (response ? "" : response.error().message);
        return response ? *response : http::ClientResponse{};
    }

    test::S3TestServer server_;
    test::TempDir dir_;
};

TEST_F(S3ObjectStoreTest, StoresFiveMegabytesAndThePresignedUrlGivesTheSameBytesBack) {
    auto file = random_file("report.pdf", 5 * 1024 * 1024 + 123);
    auto store = files::make_s3_object_store(config());
    auto url = store->put_and_presign(file, "report.pdf", "application/pdf");
    ASSERT_TRUE(url) << url.error().message;

    EXPECT_TRUE(url->starts_with(server_.url + "/" + server_.bucket + "/")) << *url;
    EXPECT_NE(url->find("X-Amz-Signature="), std::string::npos);
    EXPECT_NE(url->find("X-Amz-Expires=604800"), std::string::npos) << "default: 7 days";
    EXPECT_NE(url->find("/report.pdf?"), std::string::npos) << "the name stays readable";

    auto downloaded = fs::path(dir_.path()) / "downloaded";
    auto response = get(*url, downloaded);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.header("content-type"), "application/pdf");
    EXPECT_EQ(fs::file_size(downloaded), fs::file_size(file));
    EXPECT_TRUE(read_all(downloaded) == read_all(file)) << "bytes differ";
}

TEST_F(S3ObjectStoreTest, TheSameFileTwiceGetsTwoUnguessableKeys) {
    auto file = random_file("cat.png", 1000);
    auto store = files::make_s3_object_store(config());
    auto first = store->put_and_presign(file, "cat.png", "image/png");
    auto second = store->put_and_presign(file, "cat.png", "image/png");
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_TRUE(second) << second.error().message;
    auto path_of = [](const std::string& url) { return url.substr(0, url.find('?')); };
    EXPECT_NE(path_of(*first), path_of(*second));
    // /<bucket>/<32 hex>/cat.png: 128 random bits in front of the name.
    auto prefix = server_.url + "/" + server_.bucket + "/";
    auto random_part = path_of(*first).substr(prefix.size(), 32);
    EXPECT_EQ(random_part.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(path_of(*first).substr(prefix.size() + 32), "/cat.png");
}

TEST_F(S3ObjectStoreTest, OneStoreServesSeveralWorkerThreadsAtOnce) {
    auto store = files::make_s3_object_store(config());
    constexpr int kThreads = 4;
    std::vector<fs::path> sources;
    for (int i = 0; i < kThreads; ++i) {
        sources.push_back(random_file("f" + std::to_string(i) + ".bin", 200 * 1024 + i));
    }
    std::vector<Expected<std::string, files::ObjectStoreError>> urls(
        kThreads, unexpected(files::ObjectStoreError{"not run"}));
    {
        std::vector<std::jthread> workers;
        for (int i = 0; i < kThreads; ++i) {
            workers.emplace_back([&, i] {
                urls[i] = store->put_and_presign(sources[i], sources[i].filename().string(),
                                                 "application/octet-stream");
            });
        }
    }
    std::set<std::string> distinct;
    for (int i = 0; i < kThreads; ++i) {
        ASSERT_TRUE(urls[i]) << urls[i].error().message;
        distinct.insert(*urls[i]);
        auto got = fs::path(dir_.path()) / ("got" + std::to_string(i));
        EXPECT_EQ(get(*urls[i], got).status, 200);
        EXPECT_TRUE(read_all(got) == read_all(sources[i])) << "file " << i;
    }
    EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads));
}

TEST_F(S3ObjectStoreTest, AWrongSecretIsATypedErrorThatDoesNotContainTheSecret) {
    auto file = random_file("a.png", 100);
    const std::string wrong = "wrong-secret-" + crypto::random_hex(8);
    auto store = files::make_s3_object_store(config({{"S3_AWS_SECRET_ACCESS_KEY", wrong}}));
    auto url = store->put_and_presign(file, "a.png", "image/png");
    ASSERT_FALSE(url) << "a request signed with the wrong secret was accepted";
    EXPECT_NE(url.error().message.find("403"), std::string::npos) << url.error().message;
    EXPECT_NE(url.error().message.find("SignatureDoesNotMatch"), std::string::npos)
        << url.error().message;
    EXPECT_EQ(url.error().message.find(wrong), std::string::npos);
    EXPECT_FALSE(url.error().retryable) << "the same signature will be refused again";
}

TEST_F(S3ObjectStoreTest, AnUnknownAccessKeyIsRefused) {
    auto file = random_file("a.png", 100);
    auto store = files::make_s3_object_store(config({{"S3_AWS_ACCESS_KEY_ID", "NOBODY"}}));
    auto url = store->put_and_presign(file, "a.png", "image/png");
    ASSERT_FALSE(url);
    EXPECT_NE(url.error().message.find("InvalidAccessKeyId"), std::string::npos)
        << url.error().message;
    EXPECT_EQ(url.error().message.find(server_.secret_access_key), std::string::npos);
}

TEST_F(S3ObjectStoreTest, ThePresignedUrlCarriesTheConfiguredExpiry) {
    auto file = random_file("a.pdf", 100);
    auto store = files::make_s3_object_store(config({{"MEGATRON_S3_URL_EXPIRY_SECONDS", "90"}}));
    auto url = store->put_and_presign(file, "a.pdf", "application/pdf");
    ASSERT_TRUE(url) << url.error().message;
    EXPECT_NE(url->find("X-Amz-Expires=90&"), std::string::npos) << *url;
    EXPECT_EQ(get(*url, fs::path(dir_.path()) / "got").status, 200);
}

TEST_F(S3ObjectStoreTest, ALinkWhoseTimeHasPassedStopsWorking) {
    // The store signs PUT and GET with one clock; to get a stored object with an expired
    // link, store with a clock 10 minutes behind (within the server's 15-minute skew for
    // signed requests) and a 5-minute expiry: the link expired 5 minutes ago.
    auto file = random_file("gone.pdf", 100);
    auto cfg = config({{"MEGATRON_S3_URL_EXPIRY_SECONDS", "300"}});
    auto store = files::make_s3_object_store(cfg, std::make_shared<ShiftedClock>(-10min));
    auto url = store->put_and_presign(file, "gone.pdf", "application/pdf");
    ASSERT_TRUE(url) << url.error().message;
    auto response = get(*url, fs::path(dir_.path()) / "gone");
    EXPECT_EQ(response.status, 403);
    EXPECT_NE(read_all(fs::path(dir_.path()) / "gone").find("Request has expired"),
              std::string::npos);
}

TEST_F(S3ObjectStoreTest, ATamperedPresignedUrlIsRefused) {
    auto file = random_file("a.pdf", 100);
    auto url =
        files::make_s3_object_store(config())->put_and_presign(file, "a.pdf", "application/pdf");
    ASSERT_TRUE(url) << url.error().message;
    // A longer expiry than was signed.
    auto tampered = *url;
    auto at = tampered.find("X-Amz-Expires=604800");
    ASSERT_NE(at, std::string::npos);
    tampered.replace(at, 20, "X-Amz-Expires=604799");
    auto response = get(tampered, fs::path(dir_.path()) / "tampered");
    EXPECT_EQ(response.status, 403);
    EXPECT_NE(read_all(fs::path(dir_.path()) / "tampered").find("SignatureDoesNotMatch"),
              std::string::npos);
}

TEST_F(S3ObjectStoreTest, ANameWithSpacesAndUnicodeIsStoredUnderASafeName) {
    // Every byte outside [A-Za-z0-9._-] becomes '_' (an accented letter is two UTF-8 bytes).
    auto file = random_file("x", 10);
    auto url = files::make_s3_object_store(config())->put_and_presign(
        file, "Rapport d'\xc3\xa9t\xc3\xa9 (final).pdf", "application/pdf");
    ASSERT_TRUE(url) << url.error().message;
    EXPECT_NE(url->find("/Rapport_d___t____final_.pdf?"), std::string::npos) << *url;
    EXPECT_EQ(get(*url, fs::path(dir_.path()) / "got").status, 200);
}

TEST_F(S3ObjectStoreTest, AContentTypeThatCouldInjectAHeaderIsNeutralised) {
    auto file = random_file("x.bin", 10);
    auto url = files::make_s3_object_store(config())->put_and_presign(file, "x.bin",
                                                                      "image/png\r\nX-Evil: 1");
    ASSERT_TRUE(url) << url.error().message;
    auto response = get(*url, fs::path(dir_.path()) / "got");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.header("content-type"), "application/octet-stream");
}

TEST_F(S3ObjectStoreTest, AMissingFileIsATypedError) {
    auto store = files::make_s3_object_store(config());
    auto url =
        store->put_and_presign(fs::path(dir_.path()) / "nope.pdf", "nope.pdf", "application/pdf");
    ASSERT_FALSE(url);
    EXPECT_NE(url.error().message.find("nope.pdf"), std::string::npos) << url.error().message;
    EXPECT_FALSE(url.error().retryable);
}

TEST_F(S3ObjectStoreTest, AnUnknownBucketIsRefused) {
    auto file = random_file("a.png", 10);
    auto store = files::make_s3_object_store(config({{"AWS_S3_BUCKET", "no-such-bucket"}}));
    auto url = store->put_and_presign(file, "a.png", "image/png");
    ASSERT_FALSE(url);
    EXPECT_NE(url.error().message.find("NoSuchBucket"), std::string::npos) << url.error().message;
    EXPECT_FALSE(url.error().retryable);
}

TEST(S3ObjectStoreUnreachable, NoServerIsATypedErrorWithoutTheSecret) {
    test::TempDir dir;
    auto file = fs::path(dir.path()) / "a.png";
    std::ofstream(file) << "png";
    const std::string secret = "secret-" + crypto::random_hex(8);
    auto c = config::from_variables(
        {{"MEGATRON_FILE_TRANSFER", "s3"},
         {"S3_ENDPOINT_URL", "http://127.0.0.1:" + std::to_string(test::free_port())},
         {"S3_AWS_ACCESS_KEY_ID", "id"},
         {"S3_AWS_SECRET_ACCESS_KEY", secret},
         {"AWS_S3_BUCKET", "b"}});
    ASSERT_TRUE(c);
    auto url = files::make_s3_object_store(*c)->put_and_presign(file, "a.png", "image/png");
    ASSERT_FALSE(url);
    EXPECT_NE(url.error().message.find("unreachable"), std::string::npos) << url.error().message;
    EXPECT_EQ(url.error().message.find(secret), std::string::npos);
    EXPECT_TRUE(url.error().retryable) << "the store may be back later";
}

TEST(S3ObjectStoreOverloaded, A503IsARetryableErrorNamingTheS3Code) {
    // s3rver never answers 5xx; a loopback server stands in for an overloaded store.
    http::Router router;
    router.add(
        http::Verb::put, "/b/{random}/{name}", [](const http::Request&, http::RequestContext&) {
            return http::text_response(http::Status::service_unavailable,
                                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                                       "SlowDown</Code><Message>Reduce your request rate."
                                       "</Message></Error>",
                                       "application/xml");
        });
    http::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 1;
    http::Server server(options, router);
    server.start();

    test::TempDir dir;
    auto file = fs::path(dir.path()) / "a.png";
    std::ofstream(file) << "png";
    auto c = config::from_variables(
        {{"MEGATRON_FILE_TRANSFER", "s3"},
         {"S3_ENDPOINT_URL", "http://127.0.0.1:" + std::to_string(server.port())},
         {"S3_AWS_ACCESS_KEY_ID", "id"},
         {"S3_AWS_SECRET_ACCESS_KEY", "secret"},
         {"AWS_S3_BUCKET", "b"}});
    ASSERT_TRUE(c);
    auto url = files::make_s3_object_store(*c)->put_and_presign(file, "a.png", "image/png");
    server.stop();
    ASSERT_FALSE(url);
    EXPECT_NE(url.error().message.find("503 SlowDown"), std::string::npos) << url.error().message;
    EXPECT_TRUE(url.error().retryable);
}

}  // namespace
