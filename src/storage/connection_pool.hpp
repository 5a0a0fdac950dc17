#pragma once
// A bounded pool of connections shared by both back ends: connections are created lazily up
// to `capacity`, handed out one thread at a time, and a broken one is dropped instead of
// returned so the next lease opens a fresh one.
#include "storage/sql.hpp"

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace megatron::storage {

template <class Conn>
class ConnectionPool {
  public:
    using Factory = std::function<StorageResult<std::unique_ptr<Conn>>()>;

    // Returns the connection to the pool when destroyed, unless it was discarded.
    class Lease {
      public:
        Lease(ConnectionPool* pool, std::unique_ptr<Conn> conn)
            : pool_(pool), conn_(std::move(conn)) {}
        Lease(Lease&& other) noexcept
            : pool_(std::exchange(other.pool_, nullptr)), conn_(std::move(other.conn_)) {}
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() {
            if (pool_ != nullptr) pool_->give_back(std::move(conn_));
        }
        Conn& operator*() const { return *conn_; }
        Conn* operator->() const { return conn_.get(); }
        // The connection is unusable (lost, stuck mid-transaction): close it, free its slot.
        void discard() { conn_.reset(); }

      private:
        ConnectionPool* pool_;
        std::unique_ptr<Conn> conn_;
    };

    ConnectionPool(std::size_t capacity, Factory factory)
        : capacity_(capacity == 0 ? 1 : capacity), factory_(std::move(factory)) {}
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // Waits for an idle connection, or opens one while below capacity.
    StorageResult<Lease> acquire() {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [&] { return !idle_.empty() || open_ < capacity_; });
        if (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            return Lease(this, std::move(conn));
        }
        ++open_;  // reserve the slot, then connect without holding the lock
        lock.unlock();
        auto made = factory_();
        if (!made) {
            lock.lock();
            --open_;
            available_.notify_one();
            return unexpected(made.error());
        }
        return Lease(this, std::move(*made));
    }

    // Adds an already opened connection (used to keep the first connection of a database).
    void adopt(std::unique_ptr<Conn> conn) {
        std::lock_guard lock(mutex_);
        ++open_;
        idle_.push_back(std::move(conn));
        available_.notify_one();
    }

    std::size_t capacity() const { return capacity_; }

  private:
    void give_back(std::unique_ptr<Conn> conn) {
        std::lock_guard lock(mutex_);
        if (conn) {
            idle_.push_back(std::move(conn));
        } else {
            --open_;
        }
        available_.notify_one();
    }

    const std::size_t capacity_;
    Factory factory_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Conn>> idle_;
    std::size_t open_ = 0;
};

}  // namespace megatron::storage
