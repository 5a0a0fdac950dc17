#pragma once
// Group commit: callers that arrive while a batch is being committed are committed together by
// the next batch, run by one of them (the leader), so many callers share one expensive step (a
// transaction's BEGIN and COMMIT, a WAL write). Each caller returns only after the batch that
// holds its item has run: durability is exactly as if it had committed alone. A caller that
// finds nobody committing runs its batch of one at once: no timer, no added latency.
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <iterator>
#include <mutex>
#include <utility>
#include <vector>

namespace megatron {

template <class Item>
class GroupCommit {
  public:
    // `run_batch` is called by one caller at a time with up to `max_batch` items, oldest first;
    // it records each item's outcome in the item itself.
    GroupCommit(std::size_t max_batch, std::function<void(std::vector<Item*>&)> run_batch)
        : max_batch_(std::max<std::size_t>(max_batch, 1)), run_batch_(std::move(run_batch)) {}

    // Runs `item` in some batch (perhaps led by another thread) and returns when it has run.
    // If run_batch throws, the leader rethrows and the other callers of that batch return with
    // the outcome their item started with (so an item should start with a "not run" outcome).
    void run(Item& item) {
        Waiter me{&item};
        std::unique_lock lock(mutex_);
        waiting_.push_back(&me);
        try {
            while (!me.finished) {
                if (leader_busy_) {
                    me.wake.wait(lock);
                } else {
                    lead(lock);
                }
            }
        } catch (...) {
            // A leader whose batch did not hold its own item must not leave it behind, nor the
            // callers after it without a leader (finish() may have woken this one to lead).
            std::erase(waiting_, &me);
            if (!leader_busy_ && !waiting_.empty()) waiting_.front()->wake.notify_one();
            throw;
        }
    }

    // Callers waiting for the next batch (tests use it to line callers up).
    std::size_t waiting() const {
        std::lock_guard lock(mutex_);
        return waiting_.size();
    }

  private:
    // Each caller sleeps on its own condition: a finished batch wakes its own callers and the
    // next leader only, not every waiting thread (with 24 writers, most of each batch's
    // wake-ups went to threads that only went back to sleep).
    struct Waiter {
        Item* item;
        bool finished = false;  // guarded by mutex_
        std::condition_variable wake;
    };

    // Takes the oldest waiting items and runs them with the mutex released.
    void lead(std::unique_lock<std::mutex>& lock) {
        leader_busy_ = true;
        auto take = static_cast<std::ptrdiff_t>(std::min(waiting_.size(), max_batch_));
        std::vector<Waiter*> batch(waiting_.begin(), waiting_.begin() + take);
        waiting_.erase(waiting_.begin(), waiting_.begin() + take);
        lock.unlock();
        std::vector<Item*> items;
        items.reserve(batch.size());
        std::transform(batch.begin(), batch.end(), std::back_inserter(items),
                       [](Waiter* w) { return w->item; });
        try {
            run_batch_(items);
        } catch (...) {
            lock.lock();
            finish(batch);
            throw;
        }
        lock.lock();
        finish(batch);
    }

    // With the mutex held: the batch has run; the oldest waiting caller leads the next one.
    void finish(const std::vector<Waiter*>& batch) {
        for (auto* waiter : batch) {
            waiter->finished = true;
            waiter->wake.notify_one();
        }
        leader_busy_ = false;
        if (!waiting_.empty()) waiting_.front()->wake.notify_one();
    }

    const std::size_t max_batch_;
    std::function<void(std::vector<Item*>&)> run_batch_;
    mutable std::mutex mutex_;
    std::vector<Waiter*> waiting_;  // guarded by mutex_
    bool leader_busy_ = false;      // guarded by mutex_: a caller is running a batch
};

}  // namespace megatron
