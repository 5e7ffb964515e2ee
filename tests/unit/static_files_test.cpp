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

TEST(MimeTypes, modules_are_served_as_javascript) {
  EXPECT_EQ(net::mime_type("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(net::mime_type("a.html"), "text/html; charset=utf-8");
}

}  // namespace
}  // namespace podium::testing
