fn main() {
    println!("viewer");
}
