// store/import.cpp — see import.hpp.
#include "robo/store/import.hpp"

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

}  // namespace

ImportReport import_directory(const std::filesystem::path& dir, Writer& writer,
                              const data::ReadOptions& options,
                              const std::function<void(const ImportedFile&)>& on_file) {
    ImportReport report;
    const Timestamp now = wall_now();
    for (const auto& path : data::list_data_files(dir)) {
        ImportedFile done;
        done.path = path.string();
        try {
            switch (data::detect_layout(path)) {
                case data::FileLayout::ticks: {
                    auto file = data::read_tick_file(path, options);
                    done.kind = "ticks";
                    done.symbol = file.symbol;
                    // Prints sharing an instant are told apart by their order in the file.
                    int64_t seq = 0;
                    for (size_t i = 0; i < file.ticks.size(); ++i) {
                        seq = (i > 0 && file.ticks[i].time == file.ticks[i - 1].time) ? seq + 1 : 0;
                        submit(writer, TickRecord{file.ticks[i], seq});
                    }
                    done.rows = file.ticks.size();
                    done.rejected = file.rejected.size();
                    record_rejections(writer, file.rejected, file.symbol.str(), "", now);
                    break;
                }
                case data::FileLayout::bid_ask: {
                    auto file = data::read_quote_file(path, options);
                    done.kind = "quotes";
                    done.symbol = file.symbol;
                    int64_t seq = 0;
                    for (size_t i = 0; i < file.quotes.size(); ++i) {
                        seq = (i > 0 && file.quotes[i].time == file.quotes[i - 1].time) ? seq + 1 : 0;
                        submit(writer, QuoteRecord{file.quotes[i], seq});
                    }
                    done.rows = file.quotes.size();
                    done.rejected = file.rejected.size();
                    record_rejections(writer, file.rejected, file.symbol.str(), "", now);
                    break;
                }
                default: {
                    auto file = data::read_bar_file(path, options);
                    done.kind = "bars " + std::string(to_string(file.timeframe));
                    done.symbol = file.symbol;
                    for (size_t i = 0; i < file.bars.size(); ++i) {
                        std::optional<Price> adj;
                        if (i < file.adjusted_close.size()) adj = file.adjusted_close[i];
                        submit(writer, BarRecord{file.bars[i], adj});
                    }
                    done.rows = file.bars.size();
                    done.rejected = file.rejected.size();
                    record_rejections(writer, file.rejected, file.symbol.str(), to_string(file.timeframe),
                                      now);
                    break;
                }
            }
        } catch (const data::DataFileError& e) {
            report.failures.push_back({path.string(), e.what()});
            submit(writer, QualityRecord{now, "", "", "unreadable_file", e.what(), path.string()});
            continue;
        }
        report.rows += done.rows;
        report.rejected += done.rejected;
        if (on_file) on_file(done);
        report.files.push_back(std::move(done));
    }
    if (!writer.flush(std::chrono::minutes(10)))
        throw StoreError(writer.file().string() + ": import could not commit: " + writer.stats().failure);
    return report;
}

}  // namespace robo::store
