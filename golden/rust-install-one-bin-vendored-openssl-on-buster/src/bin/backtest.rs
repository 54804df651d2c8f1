fn main() { println!("backtest"); }
