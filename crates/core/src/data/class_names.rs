//! The classes of the bundled data sets in Korean, beside the English names the data sets
//! give them, so that a Korean page names a prediction in Korean.

/// English class name → Korean (Fashion-MNIST's ten kinds, iris' three species).
const KOREAN: &[(&str, &str)] = &[
    ("T-shirt/top", "티셔츠/상의"),
    ("Trouser", "바지"),
    ("Pullover", "풀오버"),
    ("Dress", "드레스"),
    ("Coat", "코트"),
    ("Sandal", "샌들"),
    ("Shirt", "셔츠"),
    ("Sneaker", "스니커즈"),
    ("Bag", "가방"),
    ("Ankle boot", "앵클부츠"),
    ("setosa", "세토사"),
    ("versicolor", "버시컬러"),
    ("virginica", "버지니카"),
];

/// The Korean name of a class, or the name itself when it has none (a digit, a table's
/// own label).
pub fn korean(name: &str) -> &str {
    KOREAN
        .iter()
        .find(|(en, _)| *en == name)
        .map_or(name, |(_, ko)| ko)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fashion_classes_have_korean_names_and_others_keep_theirs() {
        assert_eq!(super::korean("Ankle boot"), "앵클부츠");
        assert_eq!(super::korean("T-shirt/top"), "티셔츠/상의");
        assert_eq!(super::korean("7"), "7");
    }
}
