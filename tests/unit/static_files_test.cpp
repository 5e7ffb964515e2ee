#include <zlib.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "server/net/static_files.hpp"

namespace podium::testing {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("podium-static-" + std::to_string(::getpid()));
  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir / "web" / "js");
    fs::create_directories(dir / "proto");
    std::ofstream(dir / "web" / "index.html") << "hi";
    std::ofstream(dir / "web" / "js" / "app.mjs") << "x";
    std::ofstream(dir / "proto" / "protocol.mjs") << "p";
    std::ofstream(dir / "secret.txt") << "s";
    fs::create_symlink(dir / "secret.txt", dir / "web" / "leak.txt");
  }
  void TearDown() override { fs::remove_all(dir); }
  net::StaticFiles files() const {
    return net::StaticFiles({{"/", dir / "web"}, {"/protocol/", dir / "proto"}});
  }
};

TEST_F(StaticFilesTest, serves_files_inside_the_roots) {
  auto f = files();
  EXPECT_EQ(f.resolve("/")->filename(), "index.html");
  EXPECT_EQ(f.resolve("/js/app.mjs")->filename(), "app.mjs");
  EXPECT_EQ(f.resolve("/protocol/protocol.mjs")->filename(), "protocol.mjs");
  EXPECT_EQ(f.resolve("/js/%61pp.mjs")->filename(), "app.mjs");
}

TEST_F(StaticFilesTest, refuses_every_way_out_of_the_root) {
  auto f = files();
  for (const char* path :
       {"/../secret.txt", "/js/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
        "/js/..%2f..%2fsecret.txt", "//etc/passwd", "/leak.txt", "/..\\secret.txt", "/%00index.html",
        "/missing.html", "/js", "/.hidden", "relative", "/%zz"}) {
    EXPECT_FALSE(f.resolve(path)) << path;
  }
}

// Inflates gzip with zlib itself: what a browser would do with the body.
std::string gunzip(const std::string& packed) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

TEST_F(StaticFilesTest, an_asset_is_read_gzipped_and_named_once_and_again_when_it_changes) {
  auto f = files();
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "export const line" + std::to_string(i) + " = 'the same words again';\n";
  const fs::path file = dir / "web" / "js" / "big.mjs";
  std::ofstream(file) << text;
  auto first = f.load(file);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, text);
  EXPECT_LT(first->gzip.size(), text.size() / 4);
  EXPECT_EQ(gunzip(first->gzip), text);
  EXPECT_EQ(f.load(file), first) << "cached";
  std::ofstream(file) << text << "// more\n";
  auto second = f.load(file);
  EXPECT_NE(second->etag, first->etag);
  EXPECT_EQ(second->body, text + "// more\n");
  // A tiny file is not worth compressing.
  std::ofstream(dir / "web" / "tiny.txt") << "hi";
  EXPECT_TRUE(f.load(dir / "web" / "tiny.txt")->gzip.empty());
  EXPECT_FALSE(f.load(dir / "web" / "missing.txt"));
}

TEST(AcceptEncoding, gzip_is_sent_only_to_those_who_ask_for_it) {
  EXPECT_TRUE(net::accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(net::accepts_gzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_TRUE(net::accepts_gzip("*"));
  EXPECT_FALSE(net::accepts_gzip(""));
  EXPECT_FALSE(net::accepts_gzip("identity"));
  EXPECT_FALSE(net::accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(net::accepts_gzip("*;q=1, gzip;q=0.000"));
  EXPECT_FALSE(net::accepts_gzip("x-gzip"));
}

TEST(MimeTypes, modules_are_served_as_javascript) {
  EXPECT_EQ(net::mime_type("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(net::mime_type("a.html"), "text/html; charset=utf-8");
}

}  // namespace
}  // namespace podium::testing
