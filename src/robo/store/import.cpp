// store/import.cpp — see import.hpp.
#include "robo/store/import.hpp"

#include <stdexcept>

namespace robo::store {
namespace {

void submit(Writer& w, Record r) {
    auto s = w.submit(std::move(r));
    if (!s.ok()) {
        auto st = w.stats();
        throw StoreError(w.file().string() + ": import stopped: the writer refused a record (" +
                         (st.failed ? st.failure : std::string("queue full")) + ")");
    }
}

void record_rejections(Writer& w, const std::vector<data::RowIssue>& rejected, const std::string& symbol,
                       std::string_view timeframe, Timestamp now) {
    for (const auto& issue : rejected)
        submit(w, QualityRecord{now, symbol, std::string(timeframe), "rejected_row", data::to_string(issue),
                                issue.file});
}

// The gate's verdicts for one file: quarantined rows go to quality_findings and are counted; under
// OnBadRow::stop the first one ends the import.
std::vector<bool> gate(Writer& w, const auto& file, std::string_view timeframe, Timestamp now, bool stop,
                       ImportedFile& done) {
    auto verdicts = data::quality::gate_rows(file, now);
    if (stop && verdicts.count() > 0)
        throw std::runtime_error(verdicts.quarantined.front().text + " (DATA_ON_BAD_ROW=stop)");
    for (const auto& q : verdicts.quarantined)
        submit(w, QualityRecord{q.time, file.symbol.str(), std::string(timeframe),
                                std::string(data::quality::to_string(q.reason)), q.text, file.path});
    done.quarantined = verdicts.count();
    done.quarantined_by_reason = verdicts.by_reason;
    return std::move(verdicts.usable);
}

// A tick or quote file: its usable prints as `PrintRecord`s (TickRecord, QuoteRecord). Prints
// sharing an instant are told apart by their order in the file.
template <class PrintRecord>
void import_prints(Writer& w, const auto& file, const auto& prints, Timestamp now, bool stop,
                   ImportedFile& done) {
    done.symbol = file.symbol;
    const auto usable = gate(w, file, "", now, stop, done);
    int64_t seq = 0;
    for (size_t i = 0; i < prints.size(); ++i) {
        seq = (i > 0 && prints[i].time == prints[i - 1].time) ? seq + 1 : 0;
        if (usable[i]) submit(w, PrintRecord{prints[i], seq});
    }
    done.rows = prints.size() - done.quarantined;
    done.rejected = file.rejected.size();
    record_rejections(w, file.rejected, file.symbol.str(), "", now);
}

}  // namespace

ImportReport import_directory(const std::filesystem::path& dir, Writer& writer,
                              const data::ReadOptions& options,
                              const std::function<void(const ImportedFile&)>& on_file) {
    ImportReport report;
    const Timestamp now = wall_now();
    const bool stop = options.on_bad_row == data::OnBadRow::stop;
    std::vector<std::filesystem::path> paths;
    std::error_code ec;
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
        paths.push_back(dir);  // one file
    else
        paths = data::list_data_files(dir, report.passed_over);
    for (const auto& path : paths) {
        ImportedFile done;
        done.path = path.string();
        try {
            auto read = data::read_data_file(path, options);
            if (auto* ticks = std::get_if<data::TickFile>(&read)) {
                done.kind = "ticks";
                import_prints<TickRecord>(writer, *ticks, ticks->ticks, now, stop, done);
            } else if (auto* quotes = std::get_if<data::QuoteFile>(&read)) {
                done.kind = "quotes";
                import_prints<QuoteRecord>(writer, *quotes, quotes->quotes, now, stop, done);
            } else {
                auto& file = std::get<data::BarFile>(read);
                done.kind = "bars " + std::string(to_string(file.timeframe));
                done.symbol = file.symbol;
                const auto usable = gate(writer, file, to_string(file.timeframe), now, stop, done);
                for (size_t i = 0; i < file.bars.size(); ++i) {
                    if (!usable[i]) continue;
                    std::optional<Price> adj;
                    if (i < file.adjusted_close.size()) adj = file.adjusted_close[i];
                    submit(writer, BarRecord{file.bars[i], adj});
                }
                done.rows = file.bars.size() - done.quarantined;
                done.rejected = file.rejected.size();
                record_rejections(writer, file.rejected, file.symbol.str(), to_string(file.timeframe), now);
            }
        } catch (const data::DataFileError& e) {
            if (stop) throw std::runtime_error(std::string(e.what()) + " (DATA_ON_BAD_ROW=stop)");
            report.failures.push_back({path.string(), e.what()});
            submit(writer, QualityRecord{now, "", "", "unreadable_file", e.what(), path.string()});
            continue;
        }
        report.rows += done.rows;
        report.rejected += done.rejected;
        report.quarantined += done.quarantined;
        for (size_t i = 0; i < done.quarantined_by_reason.size(); ++i)
            report.quarantined_by_reason[i] += done.quarantined_by_reason[i];
        if (on_file) on_file(done);
        report.files.push_back(std::move(done));
    }
    if (!writer.flush(std::chrono::minutes(10)))
        throw StoreError(writer.file().string() + ": import could not commit: " + writer.stats().failure);
    return report;
}

}  // namespace robo::store
