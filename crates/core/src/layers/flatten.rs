//! `Flatten()`: (28, 28) images become rows of 784 values. Samples are already stored as
//! flat rows, so only the shape the next layer sees changes.

#[derive(Debug, Clone, PartialEq)]
pub struct Flatten {
    pub name: String,
    pub input_shape: Vec<usize>,
    pub width: usize,
    pub(crate) out: Vec<f32>,
}

impl Flatten {
    pub fn new(name: String, input_shape: Vec<usize>) -> Self {
        let width = input_shape.iter().product();
        Flatten {
            name,
            input_shape,
            width,
            out: Vec::new(),
        }
    }

    pub fn forward(&mut self, x: &[f32]) {
        self.out.clear();
        self.out.extend_from_slice(x);
    }
}
