// A native reference for the allocator benchmark, FOR BENCHMARKING ONLY: a
// region allocator written after the published design of Sebastian Aaltonen's
// OffsetAllocator (a pool of fixed-size nodes, a stack of free node ids,
// two-level size bins found through bitmasks, address-order neighbour links
// for O(1) merging, and handles that are node ids), in plain C++17.
//
// It takes good-fit's size classes (exact below 16, then 16 linear classes per
// power of two) and good-fit's steps (take the head of the first class whose
// every block fits; else search the request's own class; split the rest off
// into a new node; on free, merge the free neighbours into the freed node), so
// on the same stream it places every region where good-fit does. The benchmark
// checks that: `check` mode prints a checksum of every start it handed out.
//
// Built by allocator.bench.ts with g++ -O2 into a temporary directory.
//   offset-reference bench <live> <batches> <timedMs> <minPairs> <maxCellMs> <minWarmMs> <maxWarmMs> <warmTurnovers>
//   offset-reference check <live> <pairs>
// Both draw the churn stream of churn-cell.ts (mulberry32, the same seed per
// live count) and print one JSON object.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

constexpr uint32_t SUB_BITS = 4;
constexpr uint32_t SUB_CLASSES = 1u << SUB_BITS;
constexpr uint32_t BIN_COUNT = SUB_CLASSES + (32 - SUB_BITS) * SUB_CLASSES;
constexpr uint32_t WORD_COUNT = (BIN_COUNT + 31) / 32;

uint32_t binOf(uint32_t size) {
  if (size < SUB_CLASSES) return size;
  const uint32_t log2 = 31 - __builtin_clz(size);
  const uint32_t sub = (size >> (log2 - SUB_BITS)) & (SUB_CLASSES - 1);
  return SUB_CLASSES + (log2 - SUB_BITS) * SUB_CLASSES + sub;
}

uint64_t binLowerBound(uint32_t bin) {
  if (bin < SUB_CLASSES) return bin;
  const uint32_t log2 = ((bin - SUB_CLASSES) >> SUB_BITS) + SUB_BITS;
  const uint32_t sub = (bin - SUB_CLASSES) & (SUB_CLASSES - 1);
  return uint64_t(SUB_CLASSES + sub) << (log2 - SUB_BITS);
}

// One node a block, 32 bytes: two to a cache line. Node 0 is the sentinel of
// the address-order ring (its next is the first block, its prev the last) and
// is never free, so merging needs no end-of-list test.
struct Node {
  uint32_t start;
  uint32_t size;
  uint32_t prev;
  uint32_t next;
  uint32_t binPrev;
  uint32_t binNext;
  uint32_t bin;  // 0: used; else the class + 1
  uint32_t unused;
};

class OffsetReference {
 public:
  explicit OffsetReference(uint64_t capacity) : nodes_(64), capacity_(0) {
    std::memset(&nodes_[0], 0, sizeof(Node));
    std::fill(std::begin(head_), std::end(head_), 0u);
    std::fill(std::begin(binMap_), std::end(binMap_), 0u);
    grow(capacity);
  }

  uint64_t capacity() const { return capacity_; }
  uint32_t start(uint32_t handle) const { return nodes_[handle].start; }

  // The start of the free block that ends at the capacity, else the capacity.
  uint64_t tailStart() const {
    const Node& tail = nodes_[nodes_[0].prev];
    return nodes_[0].prev != 0 && tail.bin != 0 ? tail.start : capacity_;
  }

  // A handle for `size` (> 0) units, or 0 when no free block holds them.
  uint32_t alloc(uint32_t size) {
    uint32_t bin = binOf(size);
    if (binLowerBound(bin) < size) bin++;
    uint32_t id = firstNonEmpty(bin);
    if (id == 0) {
      for (uint32_t at = head_[binOf(size)]; at != 0; at = nodes_[at].binNext) {
        if (nodes_[at].size >= size) {
          id = at;
          break;
        }
      }
      if (id == 0) return 0;
    }
    unbin(id);
    Node* node = &nodes_[id];
    const uint32_t rest = node->size - size;
    node->size = size;
    node->bin = 0;
    freeUnits_ -= size;
    if (rest > 0) {
      const uint32_t after = take();
      node = &nodes_[id];  // take() may have moved the pool
      Node& r = nodes_[after];
      r.start = node->start + size;
      r.size = rest;
      linkAfter(id, after);
      binIn(after);
    }
    return id;
  }

  void free(uint32_t id) {
    Node* node = &nodes_[id];
    freeUnits_ += node->size;
    const uint32_t before = node->prev;
    if (nodes_[before].bin != 0) {
      unbin(before);
      node->start = nodes_[before].start;
      node->size += nodes_[before].size;
      unlink(before);
      release(before);
    }
    const uint32_t after = node->next;
    if (nodes_[after].bin != 0) {
      unbin(after);
      node->size += nodes_[after].size;
      unlink(after);
      release(after);
    }
    binIn(id);
  }

  void grow(uint64_t capacity) {
    const uint32_t added = uint32_t(capacity - capacity_);
    if (added == 0) return;
    const uint32_t tail = nodes_[0].prev;
    if (tail != 0 && nodes_[tail].bin != 0) {
      unbin(tail);
      nodes_[tail].size += added;
      binIn(tail);
    } else {
      const uint32_t id = take();
      nodes_[id].start = uint32_t(capacity_);
      nodes_[id].size = added;
      linkAfter(nodes_[0].prev, id);
      binIn(id);
    }
    freeUnits_ += added;
    capacity_ = capacity;
  }

  uint64_t freeUnits() const { return freeUnits_; }

  // Free space outside the final free block, as a fraction of all free space.
  double fragmentation() const {
    if (freeUnits_ == 0) return 0;
    return double(freeUnits_ - (capacity_ - tailStart())) / double(freeUnits_);
  }

  // Runs of adjacent used blocks (getAllocatedRegions().starts.length).
  uint32_t usedRuns() const {
    uint32_t runs = 0;
    bool inRun = false;
    for (uint32_t id = nodes_[0].next; id != 0; id = nodes_[id].next) {
      const bool used = nodes_[id].bin == 0;
      if (used && !inRun) runs++;
      inRun = used;
    }
    return runs;
  }

 private:
  std::vector<Node> nodes_;
  std::vector<uint32_t> spare_;
  uint32_t fresh_ = 1;
  uint32_t head_[BIN_COUNT];
  uint32_t binMap_[WORD_COUNT];
  uint32_t wordMap_ = 0;
  uint64_t capacity_;
  uint64_t freeUnits_ = 0;

  uint32_t take() {
    if (!spare_.empty()) {
      const uint32_t id = spare_.back();
      spare_.pop_back();
      return id;
    }
    if (fresh_ == nodes_.size()) nodes_.resize(nodes_.size() * 2);
    return fresh_++;
  }

  void release(uint32_t id) { spare_.push_back(id); }

  void linkAfter(uint32_t before, uint32_t id) {
    const uint32_t after = nodes_[before].next;
    nodes_[id].prev = before;
    nodes_[id].next = after;
    nodes_[before].next = id;
    nodes_[after].prev = id;
  }

  void unlink(uint32_t id) {
    const uint32_t before = nodes_[id].prev;
    const uint32_t after = nodes_[id].next;
    nodes_[before].next = after;
    nodes_[after].prev = before;
  }

  void binIn(uint32_t id) {
    Node& node = nodes_[id];
    const uint32_t bin = binOf(node.size);
    const uint32_t first = head_[bin];
    node.bin = bin + 1;
    node.binPrev = 0;
    node.binNext = first;
    if (first != 0) {
      nodes_[first].binPrev = id;
    } else {
      binMap_[bin >> 5] |= 1u << (bin & 31);
      wordMap_ |= 1u << (bin >> 5);
    }
    head_[bin] = id;
  }

  void unbin(uint32_t id) {
    const Node& node = nodes_[id];
    const uint32_t bin = node.bin - 1;
    if (node.binPrev != 0) {
      nodes_[node.binPrev].binNext = node.binNext;
    } else {
      head_[bin] = node.binNext;
      if (node.binNext == 0) {
        binMap_[bin >> 5] &= ~(1u << (bin & 31));
        if (binMap_[bin >> 5] == 0) wordMap_ &= ~(1u << (bin >> 5));
      }
    }
    if (node.binNext != 0) nodes_[node.binNext].binPrev = node.binPrev;
  }

  uint32_t firstNonEmpty(uint32_t fromBin) const {
    if (fromBin >= BIN_COUNT) return 0;
    uint32_t word = fromBin >> 5;
    uint32_t bits = binMap_[word] & (~0u << (fromBin & 31));
    if (bits == 0) {
      const uint32_t words = word + 1 < 32 ? wordMap_ & (~0u << (word + 1)) : 0;
      if (words == 0) return 0;
      word = __builtin_ctz(words);
      bits = binMap_[word];
    }
    return head_[(word << 5) + __builtin_ctz(bits)];
  }
};

// mulberry32, as churn-cell.ts's Rng: the same doubles, so the same stream.
class Rng {
 public:
  explicit Rng(uint32_t seed) : state_(seed) {}
  double next() {
    uint32_t t = state_ += 0x6d2b79f5u;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return double(t ^ (t >> 14)) / 4294967296.0;
  }
  uint32_t size() { return MIN_SIZE + uint32_t(std::floor(next() * (MAX_SIZE - MIN_SIZE + 1))); }
  uint32_t index(uint32_t n) { return uint32_t(std::floor(next() * n)); }
  static constexpr uint32_t MIN_SIZE = 4;
  static constexpr uint32_t MAX_SIZE = 1024;

 private:
  uint32_t state_;
};

uint32_t seedFor(uint32_t live) { return 0x9e3779b9u ^ (live * 0x85ebca6bu); }

class Churn {
 public:
  explicit Churn(uint32_t live) : rng_(seedFor(live)), live_(live), handles_(live), starts_(live), sizes_(live) {
    std::vector<uint32_t> first(live);
    uint64_t total = 0;
    for (uint32_t i = 0; i < live; i++) total += first[i] = rng_.size();
    allocator_ = new OffsetReference(2 * total);
    for (uint32_t i = 0; i < live; i++) {
      handles_[i] = alloc(first[i]);
      starts_[i] = allocator_->start(handles_[i]);
      sizes_[i] = first[i];
    }
  }
  ~Churn() { delete allocator_; }

  uint32_t alloc(uint32_t size) {
    uint32_t handle = allocator_->alloc(size);
    if (handle == 0) {
      // As a vertex domain does: grow to the capacity the request needs, then retry.
      allocator_->grow(allocator_->tailStart() + size);
      growths++;
      handle = allocator_->alloc(size);
      if (handle == 0) std::abort();
    }
    return handle;
  }

  void draw(size_t pairs) {
    victims_.resize(pairs);
    newSizes_.resize(pairs);
    for (size_t k = 0; k < pairs; k++) {
      victims_[k] = rng_.index(live_);
      newSizes_[k] = rng_.size();
    }
  }

  // The measured work: free a random live region, allocate a new size into its slot.
  // With Sum, also fold every new start into `checksum` (check mode only, never timed).
  template <bool Sum>
  void run() {
    const size_t pairs = victims_.size();
    for (size_t k = 0; k < pairs; k++) {
      const uint32_t i = victims_[k];
      const uint32_t size = newSizes_[k];
      allocator_->free(handles_[i]);
      const uint32_t handle = alloc(size);
      handles_[i] = handle;
      starts_[i] = allocator_->start(handle);
      sizes_[i] = size;
      if (Sum) checksum = checksum * 31u + starts_[i];
    }
  }

  double timed(size_t pairs) {
    draw(pairs);
    const auto t0 = std::chrono::steady_clock::now();
    run<false>();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  }

  uint64_t liveTotal() const {
    uint64_t total = 0;
    for (uint32_t s : sizes_) total += s;
    return total;
  }

  OffsetReference* allocator_ = nullptr;
  uint32_t growths = 0;
  uint32_t checksum = 0;

 private:
  Rng rng_;
  uint32_t live_;
  std::vector<uint32_t> handles_;
  std::vector<uint32_t> starts_;
  std::vector<uint16_t> sizes_;
  std::vector<uint32_t> victims_;
  std::vector<uint16_t> newSizes_;
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

constexpr size_t MAX_BATCH = size_t(1) << 22;

int bench(uint32_t live, int batches, double timedMs, double minPairs, double maxCellMs, double minWarmMs, double maxWarmMs,
          double warmTurnovers) {
  Churn churn(live);
  // Warm-up as churn-cell.ts does it: chunks doubling up to ~20 ms, then a calibration chunk.
  double warmMs = 0;
  size_t warmupPairs = 0;
  size_t chunk = 16;
  std::vector<double> recent;
  while (warmMs < maxWarmMs && (warmMs < minWarmMs || warmupPairs < warmTurnovers * live)) {
    const double ms = churn.timed(chunk);
    warmMs += ms;
    warmupPairs += chunk;
    recent.push_back(ms * 1e6 / chunk);
    if (recent.size() > 3) recent.erase(recent.begin());
    if (ms < 20) chunk *= 2;
  }
  const double perPairGuess = std::max(median(recent), 1e-3);
  const size_t calibration = std::max<size_t>(1, std::min<size_t>(MAX_BATCH, size_t(std::llround(timedMs * 1e6 / batches / perPairGuess))));
  const double estimate = std::max(churn.timed(calibration) * 1e6 / calibration, 1e-3);
  warmupPairs += calibration;
  double totalPairs = std::max(minPairs, std::round(timedMs * 1e6 / estimate));
  bool capped = false;
  const double maxPairs = std::floor(maxCellMs * 1e6 / estimate);
  if (totalPairs > maxPairs) {
    totalPairs = std::max(double(batches), maxPairs);
    capped = true;
  }
  const size_t perBatch = std::min<size_t>(MAX_BATCH, std::max<size_t>(1, size_t(std::ceil(totalPairs / batches))));
  std::vector<double> perPair;
  for (int b = 0; b < batches; b++) perPair.push_back(churn.timed(perBatch) * 1e6 / perBatch);
  const bool checked = churn.allocator_->capacity() - churn.allocator_->freeUnits() == churn.liveTotal();
  std::printf(
      "{\"nsPerPair\":%.3f,\"minNs\":%.3f,\"maxNs\":%.3f,\"batches\":%d,\"pairsPerBatch\":%zu,\"warmupPairs\":%zu,"
      "\"capped\":%s,\"growths\":%u,\"finalCapacity\":%llu,\"checkedLiveTotal\":%s,\"fragmentation\":%.6f,\"blocks\":%u}\n",
      median(perPair), *std::min_element(perPair.begin(), perPair.end()), *std::max_element(perPair.begin(), perPair.end()), batches,
      perBatch, warmupPairs, capped ? "true" : "false", churn.growths, (unsigned long long)churn.allocator_->capacity(),
      checked ? "true" : "false", churn.allocator_->fragmentation(), churn.allocator_->usedRuns());
  return 0;
}

int check(uint32_t live, size_t pairs) {
  Churn churn(live);
  churn.draw(pairs);
  churn.run<true>();
  std::printf("{\"checksum\":%u,\"growths\":%u,\"capacity\":%llu,\"free\":%llu}\n", churn.checksum, churn.growths,
              (unsigned long long)churn.allocator_->capacity(), (unsigned long long)churn.allocator_->freeUnits());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "check") == 0) return check(uint32_t(std::atol(argv[2])), size_t(std::atoll(argv[3])));
  if (argc == 10 && std::strcmp(argv[1], "bench") == 0) {
    return bench(uint32_t(std::atol(argv[2])), std::atoi(argv[3]), std::atof(argv[4]), std::atof(argv[5]), std::atof(argv[6]),
                 std::atof(argv[7]), std::atof(argv[8]), std::atof(argv[9]));
  }
  std::fprintf(stderr, "usage: offset-reference bench <live> <batches> <timedMs> <minPairs> <maxCellMs> <minWarmMs> <maxWarmMs> <warmTurnovers>\n"
                       "       offset-reference check <live> <pairs>\n");
  return 2;
}
