// util/group_commit.hpp: callers arriving while a batch runs are run together by the next
// batch, each returns only after its own item ran, and a throwing batch frees its callers.
#include "util/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace megatron {
namespace {

struct Item {
    int value = 0;
    bool ran = false;
};

TEST(GroupCommit, ACallerAloneRunsItsOwnBatchAtOnce) {
    std::vector<std::size_t> sizes;
    GroupCommit<Item> group(8, [&](std::vector<Item*>& batch) {
        sizes.push_back(batch.size());
        for (auto* item : batch) item->ran = true;
    });
    Item a{1};
    group.run(a);
    Item b{2};
    group.run(b);
    EXPECT_TRUE(a.ran);
    EXPECT_TRUE(b.ran);
    EXPECT_EQ(sizes, (std::vector<std::size_t>{1, 1}));
}

TEST(GroupCommit, CallersArrivingDuringABatchRunTogetherInTheNextOneInArrivalOrder) {
    std::mutex mutex;
    std::condition_variable cv;
    bool release_first = false;
    std::vector<std::vector<int>> batches;
    GroupCommit<Item> group(16, [&](std::vector<Item*>& batch) {
        std::vector<int> values;
        for (auto* item : batch) values.push_back(item->value);
        std::unique_lock lock(mutex);
        batches.push_back(values);
        cv.notify_all();
        // The first batch holds on until every other caller is waiting behind it.
        if (batches.size() == 1) cv.wait(lock, [&] { return release_first; });
        for (auto* item : batch) item->ran = true;
    });

    Item first{0};
    std::thread leader([&] { group.run(first); });
    {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return batches.size() == 1; });
    }
    constexpr int kOthers = 5;
    std::vector<Item> others(kOthers);
    std::vector<std::thread> threads;
    std::atomic<int> returned{0};
    for (int i = 0; i < kOthers; ++i) {
        others[i].value = i + 1;
        threads.emplace_back([&, i] {
            group.run(others[i]);
            if (others[i].ran) ++returned;
        });
        // One at a time, so the waiting list holds them in a known order.
        while (group.waiting() != static_cast<std::size_t>(i + 1)) std::this_thread::yield();
    }
    EXPECT_EQ(returned.load(), 0);  // nobody returns before its batch ran
    {
        std::lock_guard lock(mutex);
        release_first = true;
    }
    cv.notify_all();
    leader.join();
    for (auto& t : threads) t.join();
    EXPECT_EQ(returned.load(), kOthers);
    ASSERT_EQ(batches.size(), 2U);
    EXPECT_EQ(batches[0], std::vector<int>{0});
    EXPECT_EQ(batches[1], (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(GroupCommit, BatchesAreCappedAtTheirMaximumSize) {
    std::mutex mutex;
    std::vector<std::size_t> sizes;
    GroupCommit<Item> group(3, [&](std::vector<Item*>& batch) {
        std::lock_guard lock(mutex);
        sizes.push_back(batch.size());
        for (auto* item : batch) item->ran = true;
    });
    std::vector<Item> items(40);
    std::vector<std::thread> threads;
    for (auto& item : items) threads.emplace_back([&] { group.run(item); });
    for (auto& t : threads) t.join();
    std::size_t total = 0;
    for (auto size : sizes) {
        EXPECT_LE(size, 3U);
        total += size;
    }
    EXPECT_EQ(total, items.size());
    for (const auto& item : items) EXPECT_TRUE(item.ran);
}

TEST(GroupCommit, AThrowingBatchRethrowsInItsLeaderAndFreesTheOthers) {
    std::atomic<bool> fail{true};
    GroupCommit<Item> group(8, [&](std::vector<Item*>& batch) {
        if (fail.exchange(false)) throw std::runtime_error("batch failed");
        for (auto* item : batch) item->ran = true;
    });
    Item a{1};
    EXPECT_THROW(group.run(a), std::runtime_error);
    EXPECT_FALSE(a.ran);
    Item b{2};
    group.run(b);  // the group is usable again: no leader left behind
    EXPECT_TRUE(b.ran);
}

}  // namespace
}  // namespace megatron
