/** Candles (the indexer's OHLC rows, prices in ticks, starts in seconds) drawn with lightweight-charts. */
import {
  CandlestickSeries,
  ColorType,
  createChart,
  type CandlestickData,
  TickMarkType,
  type IChartApi,
  type Time,
  type UTCTimestamp,
} from "lightweight-charts";
import { useEffect, useRef } from "react";
import { chartTimeLabel } from "../core/time";
import { tickToPrice, type Grid } from "../core/units";
import type { CandleRow } from "../indexer";

export function candleData(rows: readonly CandleRow[], grid: Grid): CandlestickData<UTCTimestamp>[] {
  const price = (tick: string) => Number(tickToPrice(grid, BigInt(tick)).replace("~", ""));
  return rows.map((c) => ({
    time: Number(c.start) as UTCTimestamp,
    open: price(c.open),
    high: price(c.high),
    low: price(c.low),
    close: price(c.close),
  }));
}

export function CandleChart(props: { candles: readonly CandleRow[]; grid: Grid; timeUnit: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | undefined>(undefined);
  const series = useRef<ReturnType<IChartApi["addSeries"]> | undefined>(undefined);
  useEffect(() => {
    if (!box.current) return;
    chart.current = createChart(box.current, {
      height: 220,
      // The attribution the library's licence asks for is a labelled link below the chart, not its unlabeled logo.
      layout: { background: { type: ColorType.Solid, color: "#ffffff" }, textColor: "#222", attributionLogo: false },
      // Times in the user's time zone, as in the trade history (the library's own labels are UTC).
      localization: { timeFormatter: (t: Time) => chartTimeLabel(Number(t), "crosshair") },
      timeScale: {
        timeVisible: true,
        secondsVisible: false,
        tickMarkFormatter: (t: Time, type: TickMarkType) =>
          chartTimeLabel(
            Number(t),
            type === TickMarkType.Year
              ? "year"
              : type === TickMarkType.Month
                ? "month"
                : type === TickMarkType.DayOfMonth
                  ? "day"
                  : "time",
          ),
      },
    });
    series.current = chart.current.addSeries(CandlestickSeries, {});
    return () => {
      chart.current?.remove();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    series.current?.setData(candleData(props.candles, props.grid));
    chart.current?.timeScale().fitContent();
    // What the chart holds, read back from its series, for tests and assistive tools: how many candles, the last one.
    const drawn = series.current?.data() ?? [];
    if (box.current) {
      box.current.dataset.candles = String(drawn.length);
      box.current.dataset.last = drawn.length > 0 ? JSON.stringify(drawn[drawn.length - 1]) : "";
    }
  }, [props.candles, props.grid]);
  return (
    <>
      <div
        ref={box}
        className="chart"
        role="img"
        aria-label={`Price chart: ${props.candles.length} one-minute candles`}
        data-testid="chart"
      />
      <p className="muted">
        Chart: <a href="https://www.tradingview.com/lightweight-charts/">TradingView Lightweight Charts™</a>
      </p>
    </>
  );
}
