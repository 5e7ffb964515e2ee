#pragma once
// A thin RAII layer over SQLite: a connection, prepared statements that are reset for reuse, and a
// transaction that rolls back unless committed. Errors throw StoreError; the committer turns a failed write
// into refused commands (committer.hpp).
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace podium::store {

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// How a connection opens its file: the server creates its database; backups read theirs without ever
// creating or changing it.
enum class OpenMode { create, read_write, read_only };

class Database {
 public:
  explicit Database(const std::string& path, OpenMode mode = OpenMode::create);
  sqlite3* handle() const { return db_.get(); }
  void exec(const char* sql);
  [[noreturn]] void fail(const std::string& what) const;

 private:
  struct Close {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Close> db_;
};

class Statement {
 public:
  Statement(Database& db, const char* sql);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind_null(int index);
  bool step();  // true while a row is available
  void run();   // step to completion, then reset
  void reset();
  std::int64_t int64(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  Database& db_;
  std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
};

class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace podium::store
