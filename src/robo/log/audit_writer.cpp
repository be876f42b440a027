#include "robo/log/audit_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace robo::log {

bool write_fully(int fd, std::string_view data, std::size_t& done) {
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

void AuditTrail::Renderer::render_fields(const nlohmann::json* json, const CompactRecord* compact) {
    fields.clear();
    if (compact)
        compact->render_fields(fields, secrets);
    else if (json->is_object())
        audit_text::append_json(fields, *json, secrets);
    else
        audit_text::append_json(fields, nlohmann::json{{"value", *json}}, secrets);
}

AuditTrail::Writer::Writer(AuditTrail& trail, std::size_t capacity)
    : trail_(trail), capacity_(capacity == 0 ? 1 : capacity), wake_batch_(std::min(capacity_, kWakeBatch)) {
    // Room for every slot, each constructed when the queue first reaches it (a slot is 800
    // bytes, and touching fresh memory is not free); the queue starts again at slot 0
    // whenever it empties, so a writer that keeps up needs few of them.
    slots_.reserve(capacity_);
    thread_ = std::thread([this] { run(); });
}

AuditTrail::Writer::~Writer() {
    {
        std::lock_guard lock(trail_.mutex_);
        stop_ = true;
    }
    ready_.notify_one();
    thread_.join();
}

AuditTrail::Writer::Slot& AuditTrail::Writer::claim(std::unique_lock<std::mutex>& lock) {
    if (count_ == capacity_) {
        // Never drop an audit record: the caller waits for the writer.
        ++full_waits_;
        space_.wait(lock, [&] { return count_ < capacity_; });
    }
    // The slots in use are one run from head_: the next is a constructed slot or the first
    // not yet constructed. reserve() keeps the others in place while the writer reads them
    // (it never reads the vector's size).
    const std::size_t next = (head_ + count_) % capacity_;
    if (next == slots_.size()) slots_.emplace_back();
    return slots_[next];
}

void AuditTrail::Writer::commit() {
    ++count_;
    ++pushed_;
    // Woken for the first record after an idle spell (it then gives the others up to
    // kMaxDelay to gather) and when a batch is ready: not for every record, which cost a
    // wake-up, a context switch and a write() each when the writer kept up.
    if (writer_waiting_ && (count_ == 1 || count_ == wake_batch_)) ready_.notify_one();
}

void AuditTrail::Writer::push(Timestamp time, std::string_view kind, const nlohmann::json& fields) {
    std::unique_lock lock(trail_.mutex_);
    Slot& slot = claim(lock);
    slot.time = time;
    slot.compact = false;
    slot.kind.assign(kind);
    slot.fields = fields;
    commit();
}

void AuditTrail::Writer::push(Timestamp time, const CompactRecord& record) {
    std::unique_lock lock(trail_.mutex_);
    Slot& slot = claim(lock);
    slot.time = time;
    slot.compact = true;
    slot.record = record;
    commit();
}

void AuditTrail::Writer::flush() {
    std::unique_lock lock(trail_.mutex_);
    const std::uint64_t target = pushed_;
    if (written_ >= target) return;
    flush_wanted_ = true;  // no waiting for a batch to fill
    if (writer_waiting_) ready_.notify_one();
    space_.wait(lock, [&] { return written_ >= target; });
}

void AuditTrail::Writer::run() {
    std::unique_lock lock(trail_.mutex_);
    for (;;) {
        writer_waiting_ = true;
        ready_.wait(lock, [&] { return count_ > 0 || stop_; });
        // Something is queued: let a batch gather (one write() for many records), unless
        // someone waits for it (a flush, a full queue, the end).
        ready_.wait_for(lock, kMaxDelay, [&] { return count_ >= wake_batch_ || flush_wanted_ || stop_; });
        writer_waiting_ = false;
        flush_wanted_ = false;    // this batch takes everything queued
        if (count_ == 0) return;  // stopping, and everything is written
        const std::size_t first = head_, n = count_;
        const std::uint64_t seq = trail_.seq_;
        std::string prev = trail_.prev_hash_;
        lock.unlock();
        if (trail_.options_.before_batch) trail_.options_.before_batch();
        write_batch(first, n, seq, std::move(prev));
        lock.lock();
        head_ = (head_ + n) % capacity_;
        count_ -= n;
        if (count_ == 0) head_ = 0;  // nothing queued: reuse the first slots, already in memory
        written_ += n;
        space_.notify_all();
    }
}

void AuditTrail::Writer::write_batch(std::size_t first, std::size_t n, std::uint64_t seq, std::string prev) {
    batch_.clear();
    ends_.resize(n);
    std::size_t lines = 0;
    std::uint64_t failed = 0;
    std::string_view failed_kind;
    for (std::size_t i = 0; i < n; ++i) {
        Slot& slot = slots_[(first + i) % capacity_];
        const std::string_view kind = slot.compact ? slot.record.kind() : std::string_view(slot.kind);
        try {
            renderer_.render_fields(slot.compact ? nullptr : &slot.fields,
                                    slot.compact ? &slot.record : nullptr);
            renderer_.line.build(renderer_.fields, kind, seq + lines + 1, prev, slot.time);
            batch_.append(renderer_.line.text);
            prev = renderer_.line.hash;
            ends_[lines].first = batch_.size();
            ends_[lines].second = prev;
            ++lines;
        } catch (const std::exception&) {
            ++failed;
            failed_kind = kind;
        }
        // Nested values are freed here, on the writer thread, not by the next caller.
        slot.fields = nullptr;
        slot.record.release_json();
    }
    std::size_t done = 0;
    const bool ok = write_fully(trail_.fd_, batch_, done);
    const int write_errno = errno;
    // Lines cut off by a failed write are not in the chain; the next batch follows the
    // last complete one.
    std::size_t complete = lines;
    if (!ok)
        while (complete > 0 && ends_[complete - 1].first > done) --complete;
    std::lock_guard lock(trail_.mutex_);
    if (complete > 0) {
        trail_.seq_ = seq + complete;
        trail_.prev_hash_ = ends_[complete - 1].second;
    }
    trail_.failed_ += failed + (lines - complete);
    if (failed > 0) trail_.report_failure(failed_kind, "could not render the record");
    if (!ok) trail_.report_failure("batch", std::strerror(write_errno));
}

}  // namespace robo::log
