// Runs a fuzz target's LLVMFuzzerTestOneInput once on each input, without libFuzzer, so that any compiler
// and any sanitizer build can replay the committed corpus (ctest does, on every run). Arguments are files
// or directories (every regular file under them, in name order).
//   podium_fuzz_decoder_replay tests/fuzz/corpus/decoder
//   podium_fuzz_commands_replay crash-1234 tests/fuzz/corpus/commands
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

// Exactly the file's size, with no spare capacity, so AddressSanitizer sees any read past its end.
std::vector<std::uint8_t> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return std::vector<std::uint8_t>(text.begin(), text.end());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    if (fs::is_directory(arg)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::recursive_directory_iterator(arg))
        if (entry.is_regular_file()) found.push_back(entry.path());
      std::sort(found.begin(), found.end());
      inputs.insert(inputs.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(arg)) {
      inputs.push_back(arg);
    } else {
      std::cerr << argv[0] << ": no such file or directory: " << arg.string() << '\n';
      return 2;
    }
  }
  // An empty run would pass while testing nothing: a moved corpus must fail loudly.
  if (inputs.empty()) {
    std::cerr << "usage: " << argv[0] << " FILE_OR_DIR...  (no inputs found)\n";
    return 2;
  }

  const auto start = std::chrono::steady_clock::now();
  for (const fs::path& input : inputs) {
    // Named before it runs: a crash's sanitizer report then follows the input that caused it.
    std::cerr << "replay " << input.string() << '\n';
    const std::vector<std::uint8_t> bytes = read_bytes(input);
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  std::cout << "replayed " << inputs.size() << " inputs in " << ms << " ms\n";
  return 0;
}
